// A real Prometheus scrapes a running API and worker: every dashboard panel and recording rule returns data, /metrics lint clean.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '@mlops/http-service';
import { dashboardQueries } from '@mlops/metrics/dashboard-queries';
import { lintMetrics } from '@mlops/metrics/promtool';
import { redisUrlFromEnv } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis } from '@mlops/redis/test-redis';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';
import { startPrometheus, type TestPrometheus } from './helpers/prometheus-server';

const testRedis = await startTestRedis();
const DASHBOARD = resolve(import.meta.dirname, '../../../infra/grafana/dashboards/mlops-overview.json');
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const space = { BATCH_QUEUE: `prom-${randomUUID()}`, BATCH_PREFIX: `prom-${randomUUID()}` };
/** Successful infer requests the test sends. */
const INFERS = 24;

/**
 * The one allowance: the dashboard's drift row (and any drift recording rule) may return no data while the
 * API has no live drift result yet, which the test sees as no `model_drift_` sample (a value line, not just
 * HELP/TYPE) on the API's /metrics. As soon as the API reports drift, its panels must return data like every other.
 */
const DRIFT_NOT_LIVE_YET = (row: string, apiMetrics: string) => /drift/i.test(row) && !/^model_drift_/m.test(apiMetrics);

/** Polls `check` every 100 ms until it returns true, failing with `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const finite = (result: { value: [number, string] }[]) => result.some((s) => Number.isFinite(Number(s.value[1])));

describe.skipIf(!testRedis)('Prometheus scraping the API and a worker', () => {
  let api: Api;
  let server: Server;
  let base = '';
  let worker: ChildProcess;
  let workerOutput = '';
  let workerMetricsUrl = '';
  let prometheus: TestPrometheus;
  let apiMetrics = '';

  beforeAll(async () => {
    // The worker boots (tsx, onnxruntime) while the API is built and serves the first round of traffic.
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../../worker/', import.meta.url),
      env: { ...process.env, ...space, MODEL_VERSION: '1', METRICS_PORT: '0', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (workerOutput += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (workerOutput += d.toString()));
    // Live drift checks the window every 0.2 s once it holds 20 rows, so the dashboard's drift row has data too.
    const drift = { DRIFT_LIVE: 'on', DRIFT_MIN_ROWS: '20', DRIFT_CHECK_SECONDS: '0.2' };
    api = await buildApi(readConfig({ ...process.env, ...space, ...drift, MODEL_VERSION: '1', LOG_LEVEL: 'silent' }), createLogger({ level: 'silent' }));
    server = createServer(api.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const infer = (rows: number) =>
      fetch(`${base}/v2/models/wine-quality/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data: Array.from({ length: rows }, () => WINE).flat() }] }),
      });
    const traffic = async () => {
      // Concurrent requests, so the micro-batcher merges some of them.
      const answers = await Promise.all(Array.from({ length: INFERS }, (_, i) => infer(1 + (i % 3))));
      expect(answers.map((r) => r.status)).toEqual(Array(INFERS).fill(200));
      expect((await infer(0)).status).toBe(400);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/no/such/page`)).status).toBe(404);
      const batch = await fetch(`${base}/v1/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: Array(50).fill(WINE) }) });
      expect(batch.status, await batch.clone().text()).toBe(202);
    };
    // Labelled series exist from their first observation on: a first round before Prometheus starts gives
    // every series a sample to compute rates from, the second round after its first scrape is what they see.
    await traffic();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        const port = /"metricsPort":(\d+)/.exec(workerOutput)?.[1];
        if (!port) return;
        workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
        worker.stdout!.off('data', check);
        resolve();
      };
      worker.stdout!.on('data', check);
      worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before serving metrics:\n${workerOutput}`)));
      check(); // it may have said so during the first round already
    });
    prometheus = await startPrometheus({ api: new URL(base).host, worker: new URL(workerMetricsUrl).host });
    await until(async () => (await prometheus.query('up == 1')).length === 2, 'Prometheus has scraped the API and the worker');
    await traffic();

    // The second round is in Prometheus, and the recording rules have been evaluated over it.
    await until(async () => (await prometheus.query(`sum(inference_requests_total{outcome="success"}) >= ${2 * INFERS}`)).length === 1, 'the API\'s infer requests are scraped');
    await until(async () => (await prometheus.query('batch_rows_scored_total >= 100')).length === 1, 'the worker\'s scored rows are scraped');
    await until(async () => (await prometheus.query(':batch_rows_scored:rate5m > 0')).length === 1, 'the recording rules have run over the batch');
    await until(async () => finite(await prometheus.query('job_route:http_request_duration_seconds:p99_5m{route="/v2/models/:name/infer"}')), 'the recording rules have run over the infer requests');
    await until(async () => finite(await prometheus.query('model_drift_share')), 'a live drift check is scraped');
    apiMetrics = await (await fetch(`${base}/metrics`)).text();
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await api?.close();
    const redis = new Redis(redisUrlFromEnv());
    await deleteKeysWithPrefix(redis, space.BATCH_PREFIX);
    redis.disconnect();
  });

  it('reads the metrics back through the Prometheus HTTP API', async () => {
    const success = await prometheus.query('sum(inference_requests_total{outcome="success"})');
    expect(Number(success[0]!.value[1])).toBe(2 * INFERS);
    const routes = (await prometheus.query('sum by (route, status_class) (http_requests_total{job="api"})')).map((s) => `${s.metric.route} ${s.metric.status_class}`);
    expect(routes).toEqual(expect.arrayContaining(['/v2/models/:name/infer 2xx', '/v2/models/:name/infer 4xx', '/healthz 2xx', 'unmatched 4xx', '/v1/batches 2xx']));
    const info = await prometheus.query('model_info');
    expect(info.map((s) => [s.metric.job, s.metric.name, s.metric.version]).sort()).toEqual([['api', 'wine-quality', '1'], ['batch-worker', 'wine-quality', '1']]);
  });

  it('gets data for every panel query of the Grafana dashboard', async () => {
    const queries = dashboardQueries(JSON.parse(readFileSync(DASHBOARD, 'utf8')), '1m');
    expect(queries.length).toBeGreaterThan(20);
    const empty: string[] = [];
    const allowed: string[] = [];
    for (const q of queries) {
      const result = await prometheus.query(q.expr);
      if (finite(result)) continue;
      (DRIFT_NOT_LIVE_YET(q.row, apiMetrics) ? allowed : empty).push(`${q.row} / ${q.panel} [${q.refId}]: ${q.expr}`);
    }
    expect(empty, 'these panels show no data: a metric was renamed or a query is wrong').toEqual([]);
    if (allowed.length > 0) console.info(`drift panels without data (no live drift result on the API's /metrics yet):\n  ${allowed.join('\n  ')}`);
  });

  it('gets data for every recording rule, and every rule evaluates without error', async () => {
    const { groups } = await prometheus.api<{ groups: { file: string; rules: { type: string; name: string; health: string; lastError?: string }[] }[] }>('/api/v1/rules');
    const rules = groups.flatMap((g) => g.rules.map((r) => ({ ...r, file: g.file })));
    expect(rules.filter((r) => r.type === 'alerting').map((r) => r.name)).toEqual(expect.arrayContaining(['HighHttpErrorRatio', 'InferenceLatencyP99AboveSLO', 'BatchQueueBacklogGrowing', 'BatchWorkerDown', 'ApiDown', 'NoSuccessfulInference']));
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
    const recording = rules.filter((r) => r.type === 'recording');
    expect(recording.length).toBeGreaterThanOrEqual(8);
    const empty: string[] = [];
    for (const rule of recording) {
      if (finite(await prometheus.query(rule.name))) continue;
      if (!DRIFT_NOT_LIVE_YET(rule.name, apiMetrics)) empty.push(rule.name);
    }
    expect(empty, 'these recording rules have no data').toEqual([]);
  });

  it('has /metrics on the API and the worker that promtool check metrics finds nothing in', async () => {
    expect(await lintMetrics(apiMetrics)).toEqual([]);
    const workerMetrics = await (await fetch(workerMetricsUrl)).text();
    expect(workerMetrics).toContain('bullmq_jobs{');
    expect(await lintMetrics(workerMetrics)).toEqual([]);
  });
});
