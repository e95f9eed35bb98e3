// Creates the BullMQ queue of chunk jobs that the API (producer) adds to.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchSpace } from './batch-space';
import type { ChunkJobData } from './job-types';

/**
 * The chunk queue of `space`, on a fail-fast connection (`createProducerConnection`) so that adding
 * jobs while Redis is down fails at once instead of hanging. The caller closes it (`queue.close()`)
 * before disconnecting the connection (it is shared). Safe to create and close while Redis is down.
 * @example const queue = createBatchQueue(createProducerConnection(redisUrlFromEnv()), DEFAULT_BATCH_SPACE);
 */
export function createBatchQueue(connection: Redis, space: BatchSpace): Queue<ChunkJobData> {
  const queue = new Queue<ChunkJobData>(space.queueName, {
    connection,
    prefix: space.prefix,
    // By default BullMQ waits for the first 'ready' and then asks Redis its version. If the client is
    // disconnected during that wait (a shutdown while Redis is down) the wait rejects after queue.close()
    // removed BullMQ's own listeners: an unhandled rejection that would crash the API. Without the wait
    // and the version question there is nothing pending: commands go straight to the fail-fast client
    // (rejected at once while Redis is down, which the routes turn into 503). BullMQ then assumes Redis
    // 5.0, the oldest it supports, and uses its Lua fallbacks for newer commands.
    skipWaitingForReady: true,
    skipVersionCheck: true,
  });
  // Connection errors also reach the caller through failed commands; this keeps them from crashing the process.
  queue.on('error', () => {});
  return queue;
}
