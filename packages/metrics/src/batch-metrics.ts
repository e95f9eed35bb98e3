// Batch worker metrics: rows scored, chunk durations, failures by reason, stalled chunks taken over.

import { Counter, Histogram, type Registry } from 'prom-client';
import { CHUNK_SECONDS_BUCKETS } from './buckets';

/** Records what a batch worker does with its chunk jobs. */
export interface BatchMetrics {
  /** A chunk finished: `rows` scored, in `seconds` from start of processing to completion. */
  chunkDone(rows: number, seconds: number): void;
  /** A chunk attempt failed; `reason` is a small fixed vocabulary (`invalid_chunk`, `redis`, ...), never a message. */
  chunkFailed(reason: string): void;
  /** A stalled chunk (its worker died or blocked) was put back in the queue for another worker. */
  chunkStalled(): void;
}

/** Options of {@link createBatchMetrics}. */
export interface BatchMetricsOptions {
  /** Every failure reason the caller reports: exported at 0 from the start, so rates and alerts see a series. */
  readonly reasons?: readonly string[];
}

/**
 * Registers `batch_rows_scored_total`, `batch_chunk_duration_seconds`, `batch_chunk_failures_total{reason}` and
 * `batch_stalled_chunks_total` in `registry`.
 * @example const batch = createBatchMetrics(registry, { reasons: ['invalid_chunk', 'redis', 'other'] });
 */
export function createBatchMetrics(registry: Registry, options: BatchMetricsOptions = {}): BatchMetrics {
  const registers = [registry];
  const rows = new Counter({ name: 'batch_rows_scored_total', help: 'Rows scored by this batch worker.', registers });
  const duration = new Histogram({ name: 'batch_chunk_duration_seconds', help: 'Time to process one chunk job (load, score, store), in seconds.', buckets: CHUNK_SECONDS_BUCKETS, registers });
  const failures = new Counter({ name: 'batch_chunk_failures_total', help: 'Chunk attempts that failed, by reason (retried ones included).', labelNames: ['reason'], registers });
  const stalled = new Counter({ name: 'batch_stalled_chunks_total', help: 'Stalled chunks this worker found and put back in the queue.', registers });
  for (const reason of options.reasons ?? []) failures.inc({ reason }, 0);
  return {
    chunkDone(n, seconds) {
      rows.inc(n);
      duration.observe(seconds);
    },
    chunkFailed(reason) {
      failures.inc({ reason });
    },
    chunkStalled() {
      stalled.inc();
    },
  };
}
