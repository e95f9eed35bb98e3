// The batch worker's metrics: chunk outcomes from the BullMQ Worker's events, and the chunk queue's own counts.

import type { Queue, Worker } from 'bullmq';
import { ScorerOutputError, type ChunkJobData, type ChunkOutcome } from '@mlops/batch';
import type { BatchMetrics, ExtraMetrics } from '@mlops/metrics';
import { isRedisUnavailableError } from '@mlops/redis';

/** Every `reason` label of `batch_chunk_failures_total`; all are exported from the start (at 0). */
export const CHUNK_FAILURE_REASONS = ['invalid_chunk', 'scorer_output', 'redis', 'lock_lost', 'other'] as const;

/** Longest a scrape waits for the queue counts (Redis away must not hang /metrics). */
export const QUEUE_METRICS_TIMEOUT_MS = 2000;

/**
 * The reason label of a failed chunk attempt: a fixed vocabulary, never the error message.
 * @example failureReason(new UnrecoverableError('chunk 3 has no input rows')) // 'invalid_chunk'
 */
export function failureReason(error: unknown): (typeof CHUNK_FAILURE_REASONS)[number] {
  if (!(error instanceof Error)) return 'other';
  // The processor turns an invalid chunk into BullMQ's UnrecoverableError (no retry).
  if (error.name === 'UnrecoverableError') return 'invalid_chunk';
  if (error instanceof ScorerOutputError) return 'scorer_output';
  if (isRedisUnavailableError(error)) return 'redis';
  if (/missing lock|lock mismatch/i.test(error.message)) return 'lock_lost';
  return 'other';
}

/**
 * Records every chunk this worker processes: rows scored and seconds per chunk when it completes, the reason
 * when an attempt fails, and the stalled chunks it puts back in the queue.
 */
export function observeChunkWorker(worker: Worker<ChunkJobData, ChunkOutcome>, metrics: BatchMetrics): void {
  const started = new WeakMap<object, number>();
  worker.on('active', (job) => started.set(job, performance.now()));
  worker.on('completed', (job, outcome) => {
    const t0 = started.get(job);
    metrics.chunkDone(outcome?.scored ?? 0, t0 === undefined ? 0 : (performance.now() - t0) / 1000);
  });
  worker.on('failed', (_job, error) => metrics.chunkFailed(failureReason(error)));
  worker.on('stalled', () => metrics.chunkStalled());
}

/**
 * BullMQ's `queue.exportPrometheusMetrics()` (jobs by state, completed and failed totals) as an extra source
 * of /metrics, bounded by `timeoutMs` ({@link QUEUE_METRICS_TIMEOUT_MS}). BullMQ names the gauge of jobs by state
 * `bullmq_job_count`; it is exported as `bullmq_jobs`, because a gauge ending in `_count` reads as a
 * histogram's count (promtool check metrics flags it).
 */
export function queueMetrics(queue: Pick<Queue, 'exportPrometheusMetrics'>, timeoutMs = QUEUE_METRICS_TIMEOUT_MS): ExtraMetrics {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue metrics took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const text = await Promise.race([queue.exportPrometheusMetrics(), timeout]);
      return text.replace(/^(# (?:HELP|TYPE) )?bullmq_job_count\b/gm, '$1bullmq_jobs');
    } finally {
      clearTimeout(timer);
    }
  };
}
