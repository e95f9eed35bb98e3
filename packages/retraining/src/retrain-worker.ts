// Runs retrain jobs: a BullMQ Worker with stalled-job recovery (a killed worker's job is taken over) and close with a deadline.

import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RetrainJobData, RetrainOutcome } from './job-types';
import { createRetrainProcessor } from './retrain-processor';
import { DEFAULT_RETRAINING_SPACE, type RetrainingSpace } from './retraining-space';
import type { RetrainOptions } from './run-retraining';

/** How fast a dead worker's retraining is taken over. */
export interface RetrainStalledSettings {
  /** Lock on a running job without renewal (renewed every half of it while training yields between epochs). @defaultValue 30000 */
  readonly lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. @defaultValue 30000 */
  readonly stalledIntervalMs: number;
  /** Stalls before a job fails for good (a job that kills every worker must stop somewhere). @defaultValue 2 */
  readonly maxStalledCount: number;
}

/** Default {@link RetrainStalledSettings}: BullMQ's, with one more stall allowed. */
export const DEFAULT_RETRAIN_STALLED: RetrainStalledSettings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 };

/** A logger with pino's call shape. */
export interface RetrainLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of {@link startRetrainWorker}. */
export interface RetrainWorkerOptions extends RetrainOptions {
  /** A worker connection (`createWorkerConnection`: `maxRetriesPerRequest: null`). */
  readonly connection: Redis;
  /** @defaultValue DEFAULT_RETRAINING_SPACE */
  readonly space?: RetrainingSpace;
  /** Retrainings at once in this process; training is CPU-bound, so one. @defaultValue 1 */
  readonly concurrency?: number;
  /** @defaultValue DEFAULT_RETRAIN_STALLED */
  readonly stalled?: RetrainStalledSettings;
  readonly logger?: RetrainLogger;
}

/** A running retrain worker. */
export interface RetrainWorker {
  readonly worker: Worker<RetrainJobData, RetrainOutcome>;
  /**
   * Stops taking jobs and waits for the running one at most `deadlineMs`; then gives up waiting (`'forced'`): the
   * caller disconnects or exits, and the job's lock expires and another worker runs it again.
   */
  close(deadlineMs?: number): Promise<'graceful' | 'forced'>;
}

const silent: RetrainLogger = { info() {}, warn() {}, error() {} };

/**
 * Starts consuming retrain jobs. Any number of workers may run; each job runs on one of them at a time.
 * @example const { close } = startRetrainWorker({ connection, repository, data: { reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] } });
 */
export function startRetrainWorker(options: RetrainWorkerOptions): RetrainWorker {
  const log = options.logger ?? silent;
  const space = options.space ?? DEFAULT_RETRAINING_SPACE;
  const stalled = options.stalled ?? DEFAULT_RETRAIN_STALLED;
  const worker = new Worker<RetrainJobData, RetrainOutcome>(space.queueName, createRetrainProcessor(options), {
    connection: options.connection,
    prefix: space.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: stalled.lockDurationMs,
    stalledInterval: stalled.stalledIntervalMs,
    maxStalledCount: stalled.maxStalledCount,
  });
  // Without an 'error' listener a lost connection would crash the process; BullMQ reconnects by itself.
  worker.on('error', (error) => log.warn({ err: error.message }, 'retrain worker error (it keeps running and reconnects)'));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'retraining stalled (its worker died or blocked); it goes back to the queue'));
  worker.on('active', (job) => log.info({ jobId: job.id, model: job.data.model, trigger: job.data.trigger.kind }, 'retraining started'));
  worker.on('completed', (job, outcome) =>
    log.info({ jobId: job.id, status: outcome.status, version: outcome.version, reasons: outcome.gate.reasons, seconds: outcome.seconds }, `retraining ${outcome.status}`),
  );
  worker.on('failed', (job, error) => {
    if (job && !job.finishedOn) log.warn({ jobId: job.id, attempt: job.attemptsMade, err: error.message }, 'retraining failed, will retry');
    else log.error({ jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, 'retraining failed for good');
  });

  let closing: Promise<'graceful' | 'forced'> | undefined;
  const close = (deadlineMs = 10_000): Promise<'graceful' | 'forced'> => {
    closing ??= new Promise((resolve) => {
      const timer = setTimeout(() => resolve('forced'), Math.max(0, deadlineMs));
      worker.close().then(
        () => {
          clearTimeout(timer);
          resolve('graceful');
        },
        () => {
          clearTimeout(timer);
          resolve('forced');
        },
      );
    });
    return closing;
  };
  return { worker, close };
}
