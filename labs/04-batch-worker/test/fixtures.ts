// Shared set-up of the lab 04 tests: a real Redis with a unique prefix, a real queue, the real model, sample wines.

import { Queue, QueueEvents, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchKeys, type BatchKeys } from '@mlops/batch/batch-space';
import type { ChunkRows } from '@mlops/batch/chunk-codec';
import type { ChunkJobData } from '@mlops/batch/job-types';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createProducerConnection, createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import type { LoadedModel } from '@mlops/serving';

/** A Redis for the tests, or undefined (the suites are skipped with a warning). */
export const testRedis = await startTestRedis();

/** Three red wines, 11 features each, in model order. */
export const WINES = [
  [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4],
  [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8],
  [11.2, 0.28, 0.56, 1.9, 0.075, 17, 60, 0.998, 3.16, 0.58, 9.8],
];

/** Chunk rows from wines; row i gets CSV line `firstLine + i`. */
export function rowsOf(wines: readonly (readonly number[])[], firstLine = 2): ChunkRows {
  return { rowCount: wines.length, features: new Float32Array(wines.flat()), lines: Uint32Array.from(wines, (_, i) => firstLine + i) };
}

let model: Promise<LoadedModel> | undefined;
/** The wine-quality model from lab 02/03, loaded once (onnxruntime is only loaded by the tests that score). */
export const sharedModel = (): Promise<LoadedModel> =>
  (model ??= import('@mlops/serving').then(({ loadModel }) => loadModel({ repository: modelRepositoryFromEnv(), name: 'wine-quality' })));

/** A unique space in Redis for one test. */
export interface LabSpace {
  readonly url: string;
  readonly redis: Redis;
  readonly prefix: string;
  readonly space: { readonly queueName: string; readonly prefix: string };
  readonly queue: Queue<ChunkJobData>;
  keys(batchId: string): BatchKeys;
  /** The queue's events (for `job.waitUntilFinished`), subscribed before it resolves; closed with the space. */
  events(): Promise<QueueEvents>;
  /** A worker connection, disconnected with the space. */
  workerConnection(): Redis;
  close(): Promise<void>;
}

export async function openSpace(): Promise<LabSpace> {
  const url = testRedis!.url;
  const redis = createProducerConnection(url);
  await new Promise((resolve) => redis.once('ready', resolve));
  const prefix = uniquePrefix('lab04');
  const space = { queueName: 'chunks', prefix };
  const queue = new Queue<ChunkJobData>(space.queueName, { connection: redis, prefix });
  const connections: Redis[] = [];
  const workerConnection = () => {
    const connection = createWorkerConnection(url);
    connections.push(connection);
    return connection;
  };
  let events: Promise<QueueEvents> | undefined;
  return {
    url,
    redis,
    prefix,
    space,
    queue,
    keys: (batchId) => batchKeys(space, batchId),
    events() {
      events ??= (async () => {
        const queueEvents = new QueueEvents(space.queueName, { connection: workerConnection(), prefix });
        queueEvents.on('error', () => {});
        await queueEvents.waitUntilReady();
        return queueEvents;
      })();
      return events;
    },
    workerConnection,
    async close() {
      if (events) await (await events).close();
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix);
      for (const connection of connections) connection.disconnect();
      redis.disconnect();
    },
  };
}

/**
 * Resolves once `worker` has completed `count` jobs, with their return values in completion order;
 * rejects at the first job that fails for good (no attempts left), naming its error, or after `timeoutMs`.
 */
export function completedJobs(worker: Worker, count: number, what: string, timeoutMs = 15_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const outcomes: unknown[] = [];
    const timer = setTimeout(() => reject(new Error(`timed out: ${outcomes.length} of ${count} chunk jobs completed; ${what}`)), timeoutMs);
    worker.on('completed', (_job, outcome) => {
      if (outcomes.push(outcome) < count) return;
      clearTimeout(timer);
      resolve(outcomes);
    });
    worker.on('failed', (job, error) => {
      if (job === undefined || !job.finishedOn) return; // it will be retried
      clearTimeout(timer);
      reject(new Error(`chunk job ${job.id} failed for good: ${error.message}; ${what}`));
    });
  });
}
