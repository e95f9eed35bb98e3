// The BullMQ processor of retrain jobs: checks the job data, runs the retraining, reports progress, classifies failures.

import { UnrecoverableError, type Job } from 'bullmq';
import { ModelStoreError } from '@mlops/model-store';
import { LifecycleError } from '@mlops/model-lifecycle';
import { InvalidRetrainJobError, RetrainingError } from './errors';
import { RetrainJobDataSchema, type RetrainJobData, type RetrainOutcome } from './job-types';
import { runRetraining, type RetrainOptions } from './run-retraining';

/** Errors that another attempt cannot fix: bad job data or data files, no production, a broken repository entry. */
function isPermanent(error: unknown): boolean {
  if (error instanceof RetrainingError || error instanceof LifecycleError) return true;
  if (error instanceof ModelStoreError) return error.code !== 'ALIAS_LOCK_TIMEOUT' && error.code !== 'REPOSITORY_WRITE_FAILED';
  return false;
}

/**
 * A processor for `new Worker(queueName, processor)`: validates the job data, runs {@link runRetraining} with
 * epoch progress on `job.updateProgress`, and fails for good (UnrecoverableError) when retrying cannot help.
 */
export function createRetrainProcessor(options: RetrainOptions): (job: Job<RetrainJobData, RetrainOutcome>) => Promise<RetrainOutcome> {
  return async (job) => {
    const parsed = RetrainJobDataSchema.safeParse(job.data);
    try {
      if (!parsed.success) throw new InvalidRetrainJobError(parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; '));
      return await runRetraining({ id: job.id ?? 'unknown', data: parsed.data, updateProgress: (p) => job.updateProgress({ ...p }) }, options);
    } catch (error) {
      if (isPermanent(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
}
