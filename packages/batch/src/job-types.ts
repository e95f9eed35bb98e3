// The chunk job as BullMQ carries it: its name, its data and its return value (shared by producer, worker and store).

/** The name of every chunk job (BullMQ job names are labels; the processor does not dispatch on them). */
export const CHUNK_JOB_NAME = 'score-chunk';

/** The data of a chunk job: which rows of which batch to score. */
export interface ChunkJobData {
  readonly batchId: string;
  readonly chunkIndex: number;
  /** Index of the chunk's first row in the batch (0-based). */
  readonly firstRow: number;
  readonly rowCount: number;
}

/** What a processed chunk reports (the job's return value). */
export interface ChunkOutcome {
  /** `batch-failed`: skipped, its batch failed (e.g. an abandoned upload), so its rows are never read. */
  readonly status: 'scored' | 'already-done' | 'cancelled' | 'batch-failed';
  readonly scored: number;
  readonly failed: number;
}
