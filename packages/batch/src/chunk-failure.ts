// Records chunks that failed for good (invalid, out of retries, stalled too often) so their batch still completes.

import { Job, QueueEvents, type MinimalQueue } from 'bullmq';
import type { Redis } from 'ioredis';
import { execOrThrow } from '@mlops/redis';
import { batchKeys, type BatchSpace } from './batch-space';
import { CLASS_COUNT, decodeChunkRows, encodeChunkResults } from './chunk-codec';
import { failureRecord } from './failure-record';
import type { ChunkJobData } from './job-types';

/**
 * Marks every row of a finally failed chunk as failed with `reason`, unless the chunk's results were
 * stored already. Uses HSETNX throughout, so several workers may call it for the same chunk.
 */
export async function recordFailedChunk(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  job: ChunkJobData,
  reason: string,
  ttlSeconds: number,
): Promise<void> {
  const keys = batchKeys(space, job.batchId);
  const field = String(job.chunkIndex);
  const input = await redis.hgetBuffer(keys.input, field);
  let lines: Uint32Array = new Uint32Array(job.rowCount);
  try {
    if (input !== null) lines = decodeChunkRows(input).lines;
  } catch {
    // A corrupt input is why the chunk failed; report the rows without line numbers.
  }
  const probabilities = new Float32Array(job.rowCount * CLASS_COUNT).fill(Number.NaN);
  const tx = redis.multi();
  tx.hsetnx(keys.results, field, encodeChunkResults({ rowCount: job.rowCount, probabilities, lines }));
  for (let i = 0; i < job.rowCount; i++) {
    const row = job.firstRow + i;
    tx.hsetnx(keys.failures, String(row), failureRecord(row, lines[i] ?? 0, `the chunk could not be scored: ${reason}`));
  }
  tx.hdel(keys.input, field).expire(keys.results, ttlSeconds).expire(keys.failures, ttlSeconds);
  await execOrThrow(tx);
}

/** The few log methods the failure watcher and the worker use (pino's logger fits). */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of {@link watchFailedChunks}. */
export interface FailedChunkWatchOptions {
  /** Reads the failed job's data: the chunk queue's `Worker` (or a `Queue` of it). */
  readonly jobs: MinimalQueue;
  /** A worker connection for the failure records. */
  readonly connection: Redis;
  /** A connection of its own: `QueueEvents` blocks on it. */
  readonly eventsConnection: Redis;
  readonly space: BatchSpace;
  /** TTL of the failure records. */
  readonly ttlSeconds: number;
  readonly logger?: WorkerLogger;
}

/**
 * Listens for chunks that failed for good (invalid, out of attempts, stalled too often) and records
 * their rows as failed ({@link recordFailedChunk}), so their batch still completes. `QueueEvents` sees
 * every final failure, including stall-limit failures that no worker's `failed` event reports; several
 * watchers may record the same chunk (HSETNX). Close the returned `QueueEvents` when done.
 * @example const events = watchFailedChunks({ jobs: worker, connection, eventsConnection, space, ttlSeconds: 86400 });
 */
export function watchFailedChunks(options: FailedChunkWatchOptions): QueueEvents {
  const log = options.logger;
  const events = new QueueEvents(options.space.queueName, { connection: options.eventsConnection, prefix: options.space.prefix });
  events.on('error', (error) => log?.warn({ err: error.message }, 'queue events error'));
  events.on('failed', ({ jobId, failedReason }) => {
    void (async () => {
      const job = await Job.fromId<ChunkJobData>(options.jobs, jobId);
      if (!job) return;
      await recordFailedChunk(options.connection, options.space, job.data, failedReason, options.ttlSeconds);
      log?.error({ jobId, batchId: job.data.batchId, rows: job.data.rowCount, reason: failedReason }, 'chunk failed for good; its rows are reported as failed');
    })().catch((error: unknown) => log?.error({ jobId, err: (error as Error).message }, 'could not record a failed chunk'));
  });
  return events;
}
