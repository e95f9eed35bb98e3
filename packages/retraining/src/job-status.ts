// What GET /v1/retraining/:id answers: a retrain job's state, progress and result.

import type { JobState } from 'bullmq';
import type { RetrainJobData, RetrainOutcome, RetrainProgress, RetrainTrigger } from './job-types';
import type { RetrainQueue } from './retrain-queue';

/** A retrain job as clients see it. */
export interface RetrainStatus {
  readonly id: string;
  readonly model: string;
  readonly trigger: RetrainTrigger;
  /** BullMQ's state: waiting, active, completed, failed, delayed… */
  readonly state: JobState | 'unknown';
  readonly progress: RetrainProgress | null;
  /** When completed: registered as candidate or rejected, with the gate's reasons. */
  readonly result: RetrainOutcome | null;
  /** When failed: why. */
  readonly failedReason: string | null;
  readonly attemptsMade: number;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

/** The status of job `id`, or undefined when there is none (unknown, or removed after its retention). */
export async function readRetrainStatus(queue: RetrainQueue, id: string): Promise<RetrainStatus | undefined> {
  const job = await queue.getJob(id);
  if (!job) return undefined;
  const data: RetrainJobData = job.data;
  const progress = typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as RetrainProgress) : null;
  return {
    id,
    model: data.model,
    trigger: data.trigger,
    state: await job.getState(),
    progress,
    result: job.returnvalue ?? null,
    failedReason: job.failedReason || null,
    attemptsMade: job.attemptsMade,
    requestedAt: data.requestedAt,
    startedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
  };
}
