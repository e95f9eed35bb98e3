// Benchmark: single-row inference (64 connections) on the real API with and without three concurrent 200k-row CSV uploads to it.
// Usage: tsx bench/serving-under-uploads.ts   (BENCH_UPLOAD_ROWS, BENCH_ROUNDS, BENCH_CONNECTIONS to change the load)

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { createProducerConnection, redisUrlFromEnv } from '@mlops/redis';
import { deleteKeysWithPrefix, uniquePrefix } from '@mlops/redis/test-redis';
import { readBatchStatus } from '../src/index';
import { spawnWorker, stopWorker } from '../test/fixtures/spawn-worker';

const url = redisUrlFromEnv();
const UPLOAD_ROWS = Number(process.env.BENCH_UPLOAD_ROWS ?? 200_000);
const UPLOADS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const API_MAIN = fileURLToPath(new URL('../../../apps/api/src/main.ts', import.meta.url));
const INFER_PATH = '/v2/models/wine-quality/infer';
const INFER_BODY = JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4] }] });

const [header, ...wines] = (await readFile(WHITE_WINE_CSV, 'utf8')).trim().split('\n');
const uploadBody = Buffer.from(`${header}\n${Array.from({ length: UPLOAD_ROWS }, (_, i) => wines[i % wines.length]).join('\n')}\n`);

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** The real API (`apps/api`), default settings, its log thrown away; resolves once its batch routes answer. */
async function startApi(port: number, space: { prefix: string; queueName: string }): Promise<ChildProcess> {
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: url, BATCH_PREFIX: space.prefix, BATCH_QUEUE: space.queueName };
  const child = spawn(process.execPath, ['--import', 'tsx', API_MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    const status = await fetch(`http://127.0.0.1:${port}/v1/batches/ready-check`).then((r) => r.status, () => 0);
    if (status === 404) return child;
    if (i > 300 || child.exitCode !== null) throw new Error('the API did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Timed {
  readonly at: number;
  readonly latencyMs: number;
}

/** Single-row infer with `CONNECTIONS` connections for `seconds`; every response with the time it completed. */
async function inferLoad(port: number, seconds: number): Promise<{ responses: Timed[]; errors: number }> {
  const responses: Timed[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${port}${INFER_PATH}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: INFER_BODY, connections: CONNECTIONS, duration: seconds },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client, _status, _bytes, latencyMs) => responses.push({ at: performance.now(), latencyMs }));
  });
  return { responses, errors: result.errors + result.non2xx };
}

/** One CSV upload; resolves with its batch id, token and when the API answered. */
function upload(port: number): Promise<{ batchId: string; token: string; answeredAt: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batches', headers: { 'content-type': 'text/csv' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode === 202 ? resolve({ ...(JSON.parse(text) as { batchId: string; token: string }), answeredAt: performance.now() }) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(uploadBody);
  });
}

function stats(responses: readonly Timed[], from: number, to: number): { p50: number; p99: number; reqPerSec: number } {
  const inWindow = responses.filter((r) => r.at >= from && r.at <= to).map((r) => r.latencyMs).sort((a, b) => a - b);
  const pick = (p: number) => inWindow[Math.min(inWindow.length - 1, Math.floor(p * inWindow.length))] ?? Number.NaN;
  return { p50: pick(0.5), p99: pick(0.99), reqPerSec: inWindow.length / ((to - from) / 1000) };
}

interface Round {
  readonly without: { p50: number; p99: number; reqPerSec: number };
  readonly during: { p50: number; p99: number; reqPerSec: number };
  readonly uploadSeconds: number;
  readonly receivedRowsPerSec: number;
  readonly scoredRowsPerSec: number;
  readonly errors: number;
}

async function round(port: number, space: { prefix: string; queueName: string }, redis: ReturnType<typeof createProducerConnection>): Promise<Round> {
  // Without uploads: the middle of a 6 s run (the first and last second are ramp-up and drain).
  const quiet = await inferLoad(port, 6);
  const t0 = quiet.responses[0]!.at;
  const without = stats(quiet.responses, t0 + 1000, t0 + 5000);

  // During uploads: the same load, with three uploads started a second in; measured while all three are running.
  const load = inferLoad(port, 20);
  await new Promise((r) => setTimeout(r, 1000));
  const started = performance.now();
  const uploads = await Promise.all(Array.from({ length: UPLOADS }, () => upload(port)));
  const received = performance.now();
  const firstAnswer = Math.min(...uploads.map((u) => u.answeredAt));
  for (;;) {
    const states = await Promise.all(uploads.map((u) => readBatchStatus(redis, space, u.batchId, 0)));
    if (states.every((s) => s?.state === 'completed')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const scored = performance.now();
  const busy = await load;
  return {
    without,
    during: stats(busy.responses, started, firstAnswer),
    uploadSeconds: (received - started) / 1000,
    receivedRowsPerSec: (UPLOADS * UPLOAD_ROWS) / ((received - started) / 1000),
    scoredRowsPerSec: (UPLOADS * UPLOAD_ROWS) / ((scored - started) / 1000),
    errors: quiet.errors + busy.errors,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const space = { queueName: 'chunks', prefix: uniquePrefix('bench-serving-uploads') };
const redis = createProducerConnection(url);
await once(redis, 'ready');
const port = await freePort();
const api = await startApi(port, space);
const worker = await spawnWorker({ REDIS_URL: url, BATCH_PREFIX: space.prefix, BATCH_QUEUE: space.queueName, WORKER_CONCURRENCY: '2' });
try {
  await inferLoad(port, 2); // warm-up
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round(port, space, redis);
    rounds.push(r);
    console.error(
      `round ${i + 1}: p99 ${r.without.p99.toFixed(1)} -> ${r.during.p99.toFixed(1)} ms, ${fmt(r.without.reqPerSec)} -> ${fmt(r.during.reqPerSec)} req/s; uploads ${fmt(r.receivedRowsPerSec)} rows/s received, ${fmt(r.scoredRowsPerSec)} scored`,
    );
  }
  const m = (pick: (r: Round) => number) => median(rounds.map(pick));
  const p99Without = m((r) => r.without.p99);
  const p99During = m((r) => r.during.p99);
  const ratio = median(rounds.map((r) => r.during.p99 / r.without.p99));
  console.log(`\nServing under uploads: ${availableParallelism()} CPUs, Node ${process.version}, the API of apps/api (default settings) + 1 worker process (concurrency 2), Redis ${url}`);
  console.log(`${CONNECTIONS} connections of single-row v2 infer; ${UPLOADS} concurrent CSV uploads of ${fmt(UPLOAD_ROWS)} rows each (chunks of 1000); median of ${ROUNDS} rounds\n`);
  console.log('| single-row infer | p50 ms | p99 ms | req/s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| without uploads | ${m((r) => r.without.p50).toFixed(1)} | ${p99Without.toFixed(1)} | ${fmt(m((r) => r.without.reqPerSec))} |`);
  console.log(`| during ${UPLOADS} uploads | ${m((r) => r.during.p50).toFixed(1)} | ${p99During.toFixed(1)} | ${fmt(m((r) => r.during.reqPerSec))} |`);
  console.log(`\nUploads: ${fmt(m((r) => r.receivedRowsPerSec))} rows/s received (all ${UPLOADS} answered 202 after ${m((r) => r.uploadSeconds).toFixed(2)} s), ${fmt(m((r) => r.scoredRowsPerSec))} rows/s scored end to end; errors: ${rounds.reduce((n, r) => n + r.errors, 0)}`);
  console.log(`Goal: p99 during uploads <= 1.5x without: ${ratio.toFixed(2)}x ${ratio <= 1.5 ? 'MET' : 'NOT MET'} (median of the rounds' ratios); req/s during uploads ${((100 * m((r) => r.during.reqPerSec)) / m((r) => r.without.reqPerSec)).toFixed(0)}% of without`);
} finally {
  await stopWorker(worker);
  api.kill('SIGTERM');
  await once(api, 'exit');
  await deleteKeysWithPrefix(redis, space.prefix);
  redis.disconnect();
}
process.exit(0);
