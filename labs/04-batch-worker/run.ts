// Runs YOUR lab 04 code for real against Redis: a BullMQ worker with your processor scores the white-wine CSV and prints progress.
//   npm start -w @mlops/lab-04-batch-worker                 submit + one worker in this process
//   npm start -w @mlops/lab-04-batch-worker -- --worker     only a worker (start several, kill one midway)
//   npm start -w @mlops/lab-04-batch-worker -- --submit     only submit the file and watch progress
// Everything you wrote runs: your ChunkProducer (your ChunkBuilder and enqueueChunks), your chunk processor,
// and your retry policy (job options, toJobError, stalled-job settings). The rest comes from @mlops/batch.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchKeys, createBatch, finishBatch, parseCsvHeader, parseCsvRow, readBatchStatus, settleWithin, watchFailedChunks, type CsvColumns } from '@mlops/batch';
import type { ChunkJobData, ChunkOutcome } from '@mlops/batch/job-types';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { checkEvictionPolicy, createProducerConnection, createWorkerConnection, redactRedisUrl, redisUrlFromEnv } from '@mlops/redis';
import { loadModel } from '@mlops/serving';

type Producer = typeof import('./starter/chunk-producer');
type Processor = typeof import('./starter/chunk-processor');
type Policy = typeof import('./starter/retry-policy');

const url = redisUrlFromEnv();
// BATCH_PREFIX keeps runs apart (the run checks use a prefix of their own).
const space = { queueName: 'chunks', prefix: process.env.BATCH_PREFIX?.trim() || 'lab04' };
const chunkSize = Number(process.env.CHUNK_SIZE ?? 100);
const ttlSeconds = 3600;
const mode = process.argv.includes('--worker') ? 'worker' : process.argv.includes('--submit') ? 'submit' : 'both';
// Short locks so a killed worker's chunks come back within seconds (production keeps the 30 s default).
const stalled = { lockDurationMs: 3000, stalledIntervalMs: 1000, maxStalledCount: 2 };

async function startWorker(processor: Processor, policy: Policy): Promise<void> {
  const model = await loadModel({ repository: modelRepositoryFromEnv(), name: 'wine-quality' });
  const onError = (e: Error) => console.warn(`Redis: ${e.message} (retrying)`);
  const connection = createWorkerConnection(url, { onError });
  const eventsConnection = createWorkerConnection(url, { onError });
  await checkEvictionPolicy(connection);
  // A slower model, so you have time to kill a worker in the middle (SLOW_MS=0 for full speed): 1 s per
  // chunk in --worker mode (two workers, 2 chunks at a time each: about 13 s for the 49 chunks), 200 ms when running alone.
  const slowMs = Number(process.env.SLOW_MS ?? (mode === 'worker' ? 1000 : 200));
  const scorer = { score: async (f: Float32Array, n: number) => (await new Promise((r) => setTimeout(r, slowMs)), model.score(f, n)) };
  const worker = new Worker<ChunkJobData, ChunkOutcome>(space.queueName, processor.createChunkProcessor({ redis: connection, space, scorer, ttlSeconds }), {
    connection,
    prefix: space.prefix,
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 2),
    ...policy.stalledJobOptions(stalled),
  });
  worker.on('error', (e) => console.warn(`worker: ${e.message}`));
  worker.on('stalled', (id) => console.log(`chunk ${id} stalled (its worker died): taking it over`));
  worker.on('failed', (job, e) => console.log(`chunk ${job?.id} failed (attempt ${job?.attemptsMade}${job?.finishedOn ? ', for good' : ', will retry'}): ${e.message}`));
  worker.on('completed', (job) => mode === 'worker' && console.log(`pid ${process.pid} scored chunk ${job.id}`));
  // A chunk that fails for good still completes its batch: its rows are reported as failed.
  const failures = watchFailedChunks({ jobs: worker, connection, eventsConnection, space, ttlSeconds });
  await worker.waitUntilReady();
  console.log(`worker ${process.pid} ready on ${redactRedisUrl(url)}, queue ${space.prefix}:${space.queueName}, model ${model.name} v${model.version}`);
  const stop = async () => {
    console.log('closing the worker (waits for running chunks, at most 5 s) ...');
    await settleWithin(worker.close(), 5000);
    await settleWithin(failures.close(), 1000);
    connection.disconnect();
    eventsConnection.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function connect(): Promise<Redis> {
  const redis = createProducerConnection(url);
  await new Promise((resolve, reject) => {
    redis.once('ready', resolve);
    redis.once('error', () => reject(new Error(`cannot reach Redis at ${redactRedisUrl(url)}: start it (docker compose up -d redis) or set REDIS_URL`)));
  });
  return redis;
}

async function submitAndWatch(producerModule: Producer, policy: Policy): Promise<void> {
  const redis = await connect();
  const queue = new Queue<ChunkJobData>(space.queueName, { connection: redis, prefix: space.prefix });
  try {
    await submitFile(redis, queue, producerModule, policy);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

async function submitFile(redis: Redis, queue: Queue<ChunkJobData>, producerModule: Producer, policy: Policy): Promise<void> {
  const batchId = `white-${Date.now()}`;
  await createBatch(redis, space, batchId, { source: 'csv', chunkSize, ttlSeconds });
  const producer = new producerModule.ChunkProducer({ redis, queue, keys: batchKeys(space, batchId), ttlSeconds, jobOptions: policy.chunkJobOptions(), batchId, chunkSize });
  let columns: CsvColumns | undefined;
  let line = 0;
  const values = new Float64Array(11);
  for await (const text of createInterface({ input: createReadStream(WHITE_WINE_CSV), crlfDelay: Infinity })) {
    line++;
    if (columns === undefined) columns = parseCsvHeader(text);
    else if (text.trim() !== '') {
      const problem = parseCsvRow(text, columns, values);
      await producer.add(problem === undefined ? values : undefined, line, problem);
    }
  }
  const totals = await producer.finish();
  await finishBatch(redis, space, batchId, totals);
  console.log(`submitted ${batchId}: ${totals.totalRows} rows in ${totals.chunkCount} chunks of ${chunkSize}`);
  const started = Date.now();
  for (;;) {
    const s = (await readBatchStatus(redis, space, batchId))!;
    console.log(`${s.state.padEnd(9)} ${String(s.percent).padStart(5)}%  ${s.rows.done}/${s.rows.total} rows, ${s.chunks.done}/${s.chunks.total} chunks, ${s.rows.failed} failed`);
    if (s.state === 'completed') {
      const seconds = (Date.now() - started) / 1000;
      console.log(`done in ${seconds.toFixed(1)} s: ${s.rows.scored} scored, ${s.rows.failed} failed${s.failedRows.length ? `; first: line ${s.failedRows[0]!.line}: ${s.failedRows[0]!.reason}` : ''}`);
      break;
    }
    // Progress for people: a status line every half second.
    await new Promise((r) => setTimeout(r, 500));
  }
}

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  const dir = import.meta.dirname;
  const producer = await importLabModule<Producer>(dir, 'chunk-producer.ts');
  const processor = await importLabModule<Processor>(dir, 'chunk-processor.ts');
  const policy = await importLabModule<Policy>(dir, 'retry-policy.ts');
  if (mode !== 'submit') await startWorker(processor, policy);
  if (mode !== 'worker') {
    await submitAndWatch(producer, policy);
    process.exit(0);
  }
});
// runLabMain printed an unfinished step's message: end here, even with a worker running.
if (process.exitCode) process.exit();
