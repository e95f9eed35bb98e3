// Batch benchmark: end-to-end rows/s (HTTP CSV upload -> all results stored) by chunk size and worker processes, median of 3 runs, next to in-process onnxruntime.

import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import express from 'express';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createProducerConnection, redisUrlFromEnv } from '@mlops/redis';
import { deleteKeysWithPrefix, uniquePrefix } from '@mlops/redis/test-redis';
import { loadModel } from '@mlops/serving';
import { createBatchQueue, createBatchRouter, readBatchStatus, type BatchSpace } from '../src/index';
import { spawnWorker, stopWorker } from '../test/fixtures/spawn-worker';

const url = redisUrlFromEnv();
const BIG = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_ROWS_CHUNK1 ?? 3_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = process.env.WORKER_CONCURRENCY ?? '2';

const [header, ...wines] = (await readFile(WHITE_WINE_CSV, 'utf8')).trim().split('\n');
const csvOf = (rows: number) => Buffer.from(`${header}\n${Array.from({ length: rows }, (_, i) => wines[i % wines.length]).join('\n')}\n`);
const bodies = new Map<number, Buffer>();
const bodyOf = (rows: number): Buffer => bodies.get(rows) ?? (bodies.set(rows, csvOf(rows)), bodies.get(rows)!);

async function inProcessLimit(rows: number): Promise<number> {
  const model = await loadModel({ repository: modelRepositoryFromEnv(), name: 'wine-quality' });
  const features = new Float32Array(rows * 11);
  wines.slice(0, rows).forEach((line, i) => features.set(line.split(',').slice(0, 11).map(Number), i * 11));
  for (let i = wines.length; i < rows; i++) features.copyWithin(i * 11, (i % wines.length) * 11, (i % wines.length) * 11 + 11);
  await model.score(features.subarray(0, 11_000), 1000); // warm up
  const started = performance.now();
  for (let i = 0; i < rows; i += 1000) await model.score(features.subarray(i * 11, Math.min(rows, i + 1000) * 11), Math.min(1000, rows - i));
  const seconds = (performance.now() - started) / 1000;
  await model.close();
  return rows / seconds;
}

interface Row {
  readonly label: string;
  readonly chunkSize: number | string;
  readonly workers: number | string;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** Slowest and fastest run, rows/s. */
  readonly range?: readonly [number, number];
}

/** One upload of `rows` rows to `port`, timed until every row is scored. */
async function oneRun(port: number, redis: ReturnType<typeof createProducerConnection>, space: BatchSpace, rows: number): Promise<number> {
  const body = bodyOf(rows);
  const started = performance.now();
  const batchId = await new Promise<string>((resolve, reject) => {
    const req = httpRequest({ port, method: 'POST', path: '/v1/batches', headers: { 'content-type': 'text/csv' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode === 202 ? resolve((JSON.parse(text) as { batchId: string }).batchId) : reject(new Error(text))));
    });
    req.on('error', reject);
    req.end(body);
  });
  for (;;) {
    const status = await readBatchStatus(redis, space, batchId, 0);
    if (status?.state === 'completed') {
      if (status.rows.scored !== rows) throw new Error(`expected ${rows} scored rows, got ${status.rows.scored}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return (performance.now() - started) / 1000;
}

/** `RUNS` uploads of `rows` rows through one API and `workerCount` worker processes; the median run. */
async function endToEnd(chunkSize: number, workerCount: number, rows: number): Promise<Row> {
  const space: BatchSpace = { queueName: 'chunks', prefix: uniquePrefix('bench') };
  const redis = createProducerConnection(url);
  await new Promise((resolve) => redis.once('ready', resolve));
  const queue = createBatchQueue(redis, space);
  const app = express().use(createBatchRouter({ redis, queue, space, chunkSize }));
  const server = app.listen(0);
  const port = (server.address() as { port: number }).port;
  const env = { REDIS_URL: url, BATCH_PREFIX: space.prefix, BATCH_QUEUE: space.queueName, WORKER_CONCURRENCY: CONCURRENCY };
  const workers = await Promise.all(Array.from({ length: workerCount }, () => spawnWorker(env)));
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) seconds.push(await oneRun(port, redis, space, rows));
  await Promise.all(workers.map((w) => stopWorker(w)));
  server.close();
  await queue.close();
  await deleteKeysWithPrefix(redis, space.prefix);
  redis.disconnect();
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)]!;
  return { label: 'end to end', chunkSize, workers: workerCount, rows, seconds: median, rowsPerSecond: rows / median, range: [rows / Math.max(...seconds), rows / Math.min(...seconds)] };
}

const results: Row[] = [];
// Chunk size 1 (one job per row, the baseline of the ratio) runs fewer rows to stay bounded; every other case BIG rows.
for (const [chunkSize, workers, rows] of [[1, 1, SMALL], [100, 1, BIG], [1000, 1, BIG], [1000, 2, BIG]] as const) {
  const row = await endToEnd(chunkSize, workers, rows);
  results.push(row);
  console.error(`chunk ${chunkSize}, ${workers} worker(s): ${Math.round(row.rowsPerSecond).toLocaleString('en-US')} rows/s (median of ${RUNS})`);
}
const limit = await inProcessLimit(BIG);
results.push({ label: 'onnxruntime in process (limit)', chunkSize: 1000, workers: '-', rows: BIG, seconds: BIG / limit, rowsPerSecond: limit });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const perRow = results.find((r) => r.chunkSize === 1)!.rowsPerSecond;
const headline = results.find((r) => r.label === 'end to end' && r.chunkSize === 1000 && r.workers === 1)!.rowsPerSecond;
console.log(`\nBatch benchmark: ${availableParallelism()} CPUs, Node ${process.version}, worker concurrency ${CONCURRENCY}, Redis ${url}; median of ${RUNS} runs per line\n`);
console.log('| path | chunk size | worker processes | rows | seconds | rows/s (median) | slowest - fastest run | vs one job per row |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const range = r.range ? `${fmt(r.range[0])} - ${fmt(r.range[1])}` : '-';
  console.log(`| ${r.label} | ${r.chunkSize} | ${r.workers} | ${fmt(r.rows)} | ${r.seconds.toFixed(2)} | ${fmt(r.rowsPerSecond)} | ${range} | ${(r.rowsPerSecond / perRow).toFixed(0)}x |`);
}
console.log(
  `\nGoals (chunks of 1000, 1 worker process): >= 100x one job per row: ${(headline / perRow).toFixed(0)}x ${headline / perRow >= 100 ? 'MET' : 'NOT MET'}; >= 1,000,000 rows/s end to end: ${fmt(headline)} ${headline >= 1_000_000 ? 'MET' : 'NOT MET'}`,
);
// The serving-under-uploads scenario runs next (npm run bench: bench/serving-under-uploads.ts).
process.exit(0);
