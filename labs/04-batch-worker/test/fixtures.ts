// Shared set-up of the lab 04 tests: a real Redis with a unique prefix, a real queue, the real model, sample wines.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchKeys, type BatchKeys, type ChunkJobData } from '@mlops/batch';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createProducerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { loadModel, type LoadedModel } from '@mlops/serving';

/** A Redis for the tests, or undefined (the suites are skipped with a warning). */
export const testRedis = await startTestRedis();

/** Three red wines, 11 features each, in model order. */
export const WINES = [
  [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4],
  [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8],
  [11.2, 0.28, 0.56, 1.9, 0.075, 17, 60, 0.998, 3.16, 0.58, 9.8],
];

let model: Promise<LoadedModel> | undefined;
/** The wine-quality model from lab 02/03, loaded once. */
export const sharedModel = (): Promise<LoadedModel> => (model ??= loadModel({ repository: modelRepositoryFromEnv(), name: 'wine-quality' }));

/** A unique space in Redis for one test. */
export interface LabSpace {
  readonly redis: Redis;
  readonly prefix: string;
  readonly space: { readonly queueName: string; readonly prefix: string };
  readonly queue: Queue<ChunkJobData>;
  keys(batchId: string): BatchKeys;
  close(): Promise<void>;
}

export async function openSpace(): Promise<LabSpace> {
  const redis = createProducerConnection(testRedis!.url);
  await new Promise((resolve) => redis.once('ready', resolve));
  const prefix = uniquePrefix('lab04');
  const space = { queueName: 'chunks', prefix };
  const queue = new Queue<ChunkJobData>(space.queueName, { connection: redis, prefix });
  return {
    redis,
    prefix,
    space,
    queue,
    keys: (batchId) => batchKeys(space, batchId),
    async close() {
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
