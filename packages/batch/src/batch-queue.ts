// Creates the BullMQ queue of chunk jobs that the API (producer) adds to.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchSpace } from './batch-space';
import type { ChunkJobData } from './chunk-producer';

/**
 * The chunk queue of `space`, on a fail-fast connection (`createProducerConnection`) so that adding
 * jobs while Redis is down fails at once instead of hanging. The caller closes it (`queue.close()`);
 * the connection stays open (it is shared).
 * @example const queue = createBatchQueue(createProducerConnection(redisUrlFromEnv()), DEFAULT_BATCH_SPACE);
 */
export function createBatchQueue(connection: Redis, space: BatchSpace): Queue<ChunkJobData> {
  const queue = new Queue<ChunkJobData>(space.queueName, { connection, prefix: space.prefix });
  // Connection errors also reach the caller through failed commands; this keeps them from crashing the process.
  queue.on('error', () => {});
  return queue;
}
