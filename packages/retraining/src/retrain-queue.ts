// The retrain queue: job options (few attempts, bounded retention), idempotent job ids per trigger, enqueueing.

import { createHash, randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RetrainJobData, RetrainOutcome } from './job-types';
import { DEFAULT_RETRAINING_SPACE, RETRAIN_JOB_NAME, type RetrainingSpace } from './retraining-space';

/** The retrain queue's type. */
export type RetrainQueue = Queue<RetrainJobData, RetrainOutcome, typeof RETRAIN_JOB_NAME>;

/**
 * Options of every retrain job: 3 attempts with exponential backoff from 10 s (a Redis or disk hiccup; bad data
 * fails at once), finished jobs kept 7 days (at most 1,000) so their status stays readable.
 */
export const RETRAIN_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
  removeOnFail: { count: 1000, age: 7 * 24 * 3600 },
};

/** A queue to add retrain jobs to and read them back (the caller closes it; it does not own `connection`). */
export function createRetrainQueue(connection: Redis, space: RetrainingSpace = DEFAULT_RETRAINING_SPACE): RetrainQueue {
  // As the batch queue on the API's fail-fast connection: no wait for 'ready' and no version question, whose
  // pending promise would reject unhandled when the API closes while Redis is away; errors reach callers through
  // their failed commands (the routes answer 503), so the queue's own 'error' events are not fatal.
  const queue = new Queue<RetrainJobData, RetrainOutcome, typeof RETRAIN_JOB_NAME>(space.queueName, {
    connection,
    prefix: space.prefix,
    skipWaitingForReady: true,
    skipVersionCheck: true,
  });
  queue.on('error', () => {});
  return queue;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * The job id of a trigger, the same for every repeat of it: an alert episode is its fingerprint and startsAt;
 * a manual trigger is its idempotency key (a new id when none is given).
 * @example retrainJobId({ kind: 'alert', fingerprint: 'a1b2', startsAt: '2026-12-01T12:00:00Z' }) // 'alert-…'
 */
export function retrainJobId(trigger: { kind: 'alert'; fingerprint: string; startsAt: string } | { kind: 'manual'; idempotencyKey?: string }, model: string): string {
  if (trigger.kind === 'alert') return `alert-${digest(`${model}\n${trigger.fingerprint}\n${trigger.startsAt}`)}`;
  return `manual-${trigger.idempotencyKey === undefined ? randomUUID() : digest(`${model}\n${trigger.idempotencyKey}`)}`;
}

/** What {@link enqueueRetrain} did: added the job, or found it already there (same id). */
export interface EnqueueResult {
  readonly jobId: string;
  readonly created: boolean;
}

/**
 * Adds a retrain job under `jobId`; when a job with that id exists (queued, running or kept after finishing),
 * BullMQ adds nothing and the existing one stands.
 */
export async function enqueueRetrain(queue: RetrainQueue, data: RetrainJobData, jobId: string): Promise<EnqueueResult> {
  const existing = await queue.getJob(jobId);
  if (existing) return { jobId, created: false };
  // A producer racing on the same id between the two calls adds nothing: BullMQ ignores a duplicate job id.
  const job = await queue.add(RETRAIN_JOB_NAME, data, { ...RETRAIN_JOB_OPTIONS, jobId });
  return { jobId: job.id ?? jobId, created: true };
}
