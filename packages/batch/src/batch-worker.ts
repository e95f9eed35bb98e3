// Runs chunk jobs: a BullMQ Worker with the chunk processor, stalled-job recovery, failure records, the abandoned-upload sweep, and close with a deadline.

import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchSpace } from './batch-space';
import { recordFailedChunk, watchFailedChunks, type WorkerLogger } from './chunk-failure';
import { createChunkProcessor } from './chunk-processor';
import type { ChunkJobData, ChunkOutcome } from './job-types';
import type { RowScorer } from './row-scorer';
import { DEFAULT_STALLED_JOB_SETTINGS, stalledJobOptions, type StalledJobSettings } from './retry-policy';
import { settleWithin } from './settle-within';
import { startUploadSweeper } from './upload-lease';

/** Options of {@link startBatchWorker}. */
export interface BatchWorkerOptions {
  /** A worker connection (`createWorkerConnection`): `maxRetriesPerRequest: null`, reconnects forever. */
  readonly connection: Redis;
  /** A second worker connection for failure events (QueueEvents blocks on it). */
  readonly eventsConnection: Redis;
  readonly space: BatchSpace;
  readonly scorer: RowScorer;
  /** Chunks processed at once by this process. @defaultValue 2 */
  readonly concurrency?: number;
  /** TTL of result keys. @defaultValue 86400 */
  readonly ttlSeconds?: number;
  /** Stalled-job recovery. @defaultValue DEFAULT_STALLED_JOB_SETTINGS */
  readonly stalled?: StalledJobSettings;
  readonly logger?: WorkerLogger;
  /**
   * How often this worker looks for abandoned uploads (a batch whose uploader stopped renewing its lease) and fails
   * them, so they do not stay `receiving` and their chunks are skipped. 0 turns it off. @defaultValue 1000
   */
  readonly sweepIntervalMs?: number;
}

/** A running worker. */
export interface BatchWorker {
  readonly worker: Worker<ChunkJobData, ChunkOutcome>;
  /**
   * Stops taking jobs and waits for running chunks, at most `deadlineMs` (`worker.close()` has no
   * timeout of its own and hangs while Redis is away), then closes the failure listener (at most
   * {@link CLOSE_CLEANUP_MS} more). Always resolves within `deadlineMs + CLOSE_CLEANUP_MS`, to
   * `'forced'` when the deadline passed: then disconnect the connections (or exit the process); the
   * unfinished chunks are picked up by another worker once their lock expires.
   * @defaultValue deadlineMs 10000
   */
  close(deadlineMs?: number): Promise<'graceful' | 'forced'>;
}

/** Extra time {@link BatchWorker.close} allows after its deadline for closing the failure listener. */
export const CLOSE_CLEANUP_MS = 1000;

const silent: WorkerLogger = { info() {}, warn() {}, error() {} };

/**
 * Starts a worker on the chunk queue of `options.space`. Any number of workers (threads of
 * `concurrency`, processes, machines) may run side by side.
 * @example const { close } = startBatchWorker({ connection, eventsConnection, space, scorer: model });
 */
export function startBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const log = options.logger ?? silent;
  const ttlSeconds = options.ttlSeconds ?? 86_400;
  const processor = createChunkProcessor({ redis: options.connection, space: options.space, scorer: options.scorer, ttlSeconds });
  const worker = new Worker<ChunkJobData, ChunkOutcome>(options.space.queueName, processor, {
    connection: options.connection,
    prefix: options.space.prefix,
    concurrency: options.concurrency ?? 2,
    ...stalledJobOptions(options.stalled ?? DEFAULT_STALLED_JOB_SETTINGS),
  });
  // Without an 'error' listener a lost connection would crash the process; BullMQ reconnects by itself.
  worker.on('error', (error) => log.warn({ err: error.message }, 'worker error (it keeps running and reconnects)'));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'chunk stalled (its worker died or blocked); it goes back to the queue'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    if (!job.finishedOn) {
      log.warn({ jobId: job.id, attempt: job.attemptsMade, err: error.message }, 'chunk failed, will retry');
      return;
    }
    // Failed for good: record it here too. The QueueEvents watcher below misses failures that happen before
    // its first stream read (a chunk failing at once after start-up); recording twice is harmless (HSETNX).
    recordFailedChunk(options.connection, options.space, job.data, error.message, ttlSeconds).catch((e: unknown) =>
      log.error({ jobId: job.id, err: (e as Error).message }, 'could not record a failed chunk'),
    );
  });

  // Finally failed chunks are recorded as failed rows, so their batch still completes.
  const events = watchFailedChunks({ jobs: worker, connection: options.connection, eventsConnection: options.eventsConnection, space: options.space, ttlSeconds, logger: log });

  const sweepMs = options.sweepIntervalMs ?? 1000;
  const sweeper =
    sweepMs > 0 ? startUploadSweeper(options.connection, options.space, sweepMs, (ids) => log.warn({ batchIds: ids }, 'abandoned uploads marked failed (their uploader stopped renewing its lease)')) : undefined;

  let closing: Promise<'graceful' | 'forced'> | undefined;
  const close = (deadlineMs = 10_000): Promise<'graceful' | 'forced'> => {
    closing ??= (async () => {
      sweeper?.stop();
      // worker.close() waits for running chunks, and for Redis when it is away: forever, without a bound.
      // A later worker.close(true) would only return the same pending promise, so past the deadline we
      // stop waiting instead; the caller disconnects the connections (or exits) and the unfinished
      // chunks' locks expire.
      const graceful = await settleWithin(worker.close(), deadlineMs);
      if (!graceful) log.warn({ deadlineMs }, 'worker did not close within the deadline (chunks still running or Redis away)');
      await settleWithin(events.close(), CLOSE_CLEANUP_MS);
      return graceful ? 'graceful' : 'forced';
    })();
    return closing;
  };
  return { worker, close };
}
