// The worker process for real: scores a batch, survives Redis going away, and exits cleanly on SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchQueue, chunkJobOptions, readBatchStatus, submitJsonRows, type BatchProducerDeps } from '@mlops/batch';
import { createProducerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startTcpProxy, type TcpProxy } from '@mlops/redis/test-tcp-proxy';
import { lintMetrics } from '@mlops/metrics/promtool';

const testRedis = await startTestRedis();
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

/** A worker process and its output so far (stdout and stderr). */
interface SpawnedWorker {
  readonly child: ChildProcess;
  output(): string;
  /**
   * Resolves once the output after character `from` matches `pattern` (checked on every chunk of
   * output, no polling); rejects when the process exits first or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, what: string, from?: number, timeoutMs?: number): Promise<void>;
}

/** Starts `src/main.ts` with `env` on top of this process's environment, collecting its output. */
function spawnWorker(env: Record<string, string>): SpawnedWorker {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, LOG_FORMAT: 'json', METRICS_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const waitFor = (pattern: RegExp, what: string, from = 0, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output.slice(from))) return;
        done();
        resolve();
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`the worker exited (${code}) before ${what}; its output:\n${output}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting until ${what}; the worker's output:\n${output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', onExit);
      };
      // After the collectors above, so `output` already holds the chunk being checked.
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', onExit);
      check();
    });
  return { child, output: () => output, waitFor };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
}

describe('the worker process with a bad configuration', () => {
  it('exits 1 with a one-line message naming LOG_LEVEL, not a stack trace', async () => {
    const { child, output } = spawnWorker({ LOG_LEVEL: 'loud' });
    expect(await exitOf(child)).toBe(1);
    expect(output()).toContain('LOG_LEVEL');
    expect(output(), 'no stack trace').not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!testRedis)('the worker process', () => {
  const space = { queueName: 'chunks', prefix: uniquePrefix() };
  let proxy: TcpProxy;
  let worker: SpawnedWorker;
  let deps: BatchProducerDeps;

  beforeAll(async () => {
    const target = new URL(testRedis!.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const redis = createProducerConnection(testRedis!.url);
    await new Promise((resolve) => redis.once('ready', resolve));
    deps = { redis, queue: createBatchQueue(redis, space), space, chunkSize: 2, ttlSeconds: 600, jobOptions: chunkJobOptions() };
    worker = spawnWorker({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, BATCH_PREFIX: space.prefix, BATCH_QUEUE: space.queueName, SHUTDOWN_DEADLINE_MS: '3000' });
    await worker.waitFor(/worker started/, 'the worker logs "worker started"');
  });
  afterAll(async () => {
    if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await proxy.close();
    await deps.queue.close();
    await deleteKeysWithPrefix(deps.redis, space.prefix);
    deps.redis.disconnect();
  });

  async function scoreBatch(): Promise<void> {
    const outcome = await submitJsonRows(deps, [WINE, WINE, WINE]);
    await until(async () => (await readBatchStatus(deps.redis, space, outcome.batchId))?.state === 'completed', 20_000, `batch ${outcome.batchId} completes`);
  }

  it('scores a batch', async () => {
    await scoreBatch();
  });

  it('serves its metrics on METRICS_PORT: rows scored, chunk durations, queue counts, all clean for promtool', async () => {
    const port = /"metricsPort":(\d+)/.exec(worker.output())?.[1];
    expect(port, `the worker logs its metrics port; its output:\n${worker.output()}`).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^batch_rows_scored_total 3$/m);
    expect(text).toMatch(/^batch_chunk_duration_seconds_count 2$/m);
    expect(text).toContain('batch_chunk_failures_total{reason="invalid_chunk"} 0');
    expect(text).toContain(`bullmq_jobs{queue="${space.queueName}", state="completed"} 2`);
    expect(text).toMatch(/^model_info\{name="wine-quality",version="1",sha256="[0-9a-f]{64}"\} 1$/m);
    expect(await lintMetrics(text)).toEqual([]);
  });

  it('keeps running while Redis is away and resumes when it is back', async () => {
    const before = worker.output().length;
    await proxy.cut();
    // The worker has noticed Redis is gone once it logs a connection problem (and it must not exit on it).
    await worker.waitFor(/Redis connection problem/, 'the worker logs that Redis is away', before);
    expect(worker.child.exitCode, `the worker must not exit when Redis goes away; its logs:\n${worker.output()}`).toBeNull();
    // Its own metrics are still scraped while Redis is away (the queue counts are left out after a bounded wait).
    const port = /"metricsPort":(\d+)/.exec(worker.output())![1];
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('batch_rows_scored_total');
    await proxy.restore();
    await scoreBatch();
  });

  it('exits with code 0 on SIGTERM after closing the worker', async () => {
    const exited = exitOf(worker.child);
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(worker.output()).toContain('"outcome":"graceful"');
  });
});

describe.skipIf(!testRedis)('a worker process whose Redis went away', () => {
  let proxy: TcpProxy | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await proxy?.close();
  });

  it('still exits with code 0 soon after SIGTERM', async () => {
    const target = new URL(testRedis!.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const worker = spawnWorker({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, BATCH_PREFIX: uniquePrefix(), SHUTDOWN_DEADLINE_MS: '1000' });
    child = worker.child;
    await worker.waitFor(/connected to Redis/, 'the worker connects to Redis');
    const before = worker.output().length;
    await proxy.cut();
    await worker.waitFor(/Redis connection problem/, 'the worker logs that Redis is away', before);

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exitOf(child), `the worker must exit on SIGTERM while Redis is away; its logs:\n${worker.output()}`).toBe(0);
    // 1 s deadline + 1 s for the failure listener + 1 s for the model, plus process slack.
    expect(Date.now() - started).toBeLessThan(8000);
    // Which way it stops is a race (BullMQ's close may or may not be waiting on Redis at that moment):
    // the deadline exists so that both ways end in time, which is what the lines above check.
    expect(worker.output()).toMatch(/"outcome":"(forced|graceful)"/);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
