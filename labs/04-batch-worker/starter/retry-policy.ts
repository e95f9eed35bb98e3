// Retry policy of chunk jobs: backoff for transient faults, no retry for invalid chunks, stalled-job recovery.

import { UnrecoverableError, type JobsOptions, type WorkerOptions } from 'bullmq';
import { InvalidChunkError } from '@mlops/batch/errors';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** How chunk jobs are retried and how many finished jobs Redis keeps. */
export interface RetryPolicy {
  /** Tries per chunk, the first included. @defaultValue 5 */
  readonly attempts: number;
  /** First retry delay; it doubles on every further attempt. @defaultValue 500 */
  readonly backoffDelayMs: number;
  /** Fraction of the delay that is random, so retries of many chunks do not arrive together. @defaultValue 0.5 */
  readonly jitter: number;
  /** Completed jobs kept for inspection (results live in the batch keys, not in the job). @defaultValue 1000 */
  readonly keepCompleted: number;
  /** Failed jobs kept, for `queue.getFailed()`. @defaultValue 5000 */
  readonly keepFailed: number;
  /** Seconds a failed job is kept at most. @defaultValue 7 days */
  readonly keepFailedSeconds: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  backoffDelayMs: 500,
  jitter: 0.5,
  keepCompleted: 1000,
  keepFailed: 5000,
  keepFailedSeconds: 7 * 24 * 3600,
};

/**
 * The BullMQ options of every chunk job: attempts with exponential backoff and jitter, and bounded
 * `removeOnComplete` / `removeOnFail` so finished jobs do not fill Redis.
 * @example queue.add('score', data, { ...chunkJobOptions(), jobId })
 */
export function chunkJobOptions(policy: RetryPolicy = DEFAULT_RETRY_POLICY): JobsOptions {
  // TODO step 4: retry with exponential backoff and jitter, keep a bounded number of finished jobs
  throw notImplemented('src/retry-policy.ts', 'step 4: retry with exponential backoff and jitter, keep a bounded number of finished jobs');
}

/**
 * What a processor throws to BullMQ: an {@link InvalidChunkError} becomes an `UnrecoverableError` (the
 * job fails now, retrying cannot help); anything else is a transient fault and is rethrown as is, so
 * BullMQ retries it with backoff.
 */
export function toJobError(error: unknown): Error {
  // TODO step 4: never retry an invalid chunk, retry everything else
  throw notImplemented('src/retry-policy.ts', 'step 4: never retry an invalid chunk, retry everything else');
}

/** How fast a crashed worker's jobs are taken over by another worker. */
export interface StalledJobSettings {
  /** How long a worker's lock on a job lasts without renewal. @defaultValue 30000 */
  readonly lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. @defaultValue 30000 */
  readonly stalledIntervalMs: number;
  /** How often a job may stall before it fails for good (stalls do not use `attempts`). @defaultValue 2 */
  readonly maxStalledCount: number;
}

/** The defaults of {@link StalledJobSettings}: BullMQ's, with one more stall allowed. */
export const DEFAULT_STALLED_JOB_SETTINGS: StalledJobSettings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 };

/**
 * Worker options for stalled-job recovery: a job whose worker died goes back to `wait` after at most
 * `lockDurationMs + stalledIntervalMs`, and another worker scores it again.
 */
export function stalledJobOptions(
  settings: StalledJobSettings = DEFAULT_STALLED_JOB_SETTINGS,
): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  // TODO step 5: map the settings to BullMQ's lockDuration, stalledInterval and maxStalledCount
  throw notImplemented('src/retry-policy.ts', 'step 5: map the settings to BullMQ\'s lockDuration, stalledInterval and maxStalledCount');
}
