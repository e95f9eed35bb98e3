// Chunk processor: scores one chunk job with the model and stores its results exactly once per row.

import type { Redis } from 'ioredis';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { execOrThrow } from '@mlops/redis';
import { batchKeys, type BatchKeys, type BatchSpace } from '@mlops/batch/batch-space';
import { CLASS_COUNT, decodeChunkRows, encodeChunkResults, type ChunkRows } from '@mlops/batch/chunk-codec';
import { ChunkCodecError, InvalidChunkError } from '@mlops/batch/errors';
import { failureRecord } from '@mlops/batch/failure-record';
import type { ChunkJobData, ChunkOutcome } from '@mlops/batch/job-types';
import { toJobError } from './retry-policy';
import { rowProblem } from '@mlops/batch/row-problem';
import { scoreRows, type RowScorer } from '@mlops/batch/row-scorer';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** What the chunk processor needs. */
export interface ChunkProcessorDeps {
  /** A worker connection (`createWorkerConnection`). */
  readonly redis: Redis;
  readonly space: Pick<BatchSpace, 'prefix'>;
  readonly scorer: RowScorer;
  /** TTL of result keys, refreshed on every write. */
  readonly ttlSeconds: number;
}

/** A scored chunk: probabilities (NaN rows were not scored) and the reason for each unscored row. */
export interface ScoredChunk {
  readonly probabilities: Float32Array;
  /** Position in the chunk -> reason. */
  readonly problems: Map<number, string>;
}

/**
 * Sets aside the rows that can never be scored (see `rowProblem`), scores all others with a single
 * `scoreRows` call (none when no row is good), and returns `[rowCount x 3]` probabilities with NaN for
 * the set-aside rows.
 */
export async function scoreChunk(rows: ChunkRows, scorer: RowScorer): Promise<ScoredChunk> {
  // TODO step 3: skip rows with a problem, score the rest in one call, NaN for skipped rows
  throw notImplemented('src/chunk-processor.ts', 'step 3: skip rows with a problem, score the rest in one call, NaN for skipped rows');
}

/**
 * Stores a chunk's results in one MULTI, idempotently: the results hash has one field per chunk (a
 * retry overwrites, never appends), unscored rows are recorded with HSETNX under their batch row
 * (`job.firstRow + position`; a reason found earlier wins), the chunk's input rows are deleted, and
 * TTLs are refreshed.
 */
export async function saveChunkResults(
  redis: Redis,
  keys: BatchKeys,
  job: ChunkJobData,
  rows: ChunkRows,
  scored: ScoredChunk,
  ttlSeconds: number,
): Promise<void> {
  // TODO step 3: one MULTI: HSET the chunk's results field, HSETNX each problem, HDEL the input, EXPIRE
  throw notImplemented('src/chunk-processor.ts', 'step 3: one MULTI: HSET the chunk\'s results field, HSETNX each problem, HDEL the input, EXPIRE');
}

/** Loads, scores and stores one chunk. Throws {@link InvalidChunkError} when its input is missing or corrupt. */
export async function processChunk(deps: ChunkProcessorDeps, job: ChunkJobData): Promise<ChunkOutcome> {
  const keys = batchKeys(deps.space, job.batchId);
  const field = String(job.chunkIndex);
  const [done, state, input] = (await execOrThrow(
    deps.redis.multi().hexists(keys.results, field).hget(keys.meta, 'state').hgetBuffer(keys.input, field),
  )) as [number, string | null, Buffer | null];
  // Stored by an earlier attempt whose worker died before acknowledging the job: nothing to do.
  if (done === 1) return { status: 'already-done', scored: 0, failed: 0 };
  if (state === 'cancelled') return { status: 'cancelled', scored: 0, failed: 0 };
  // An upload that failed or was abandoned: nobody can read its results, so its chunks are not scored.
  if (state === 'failed') return { status: 'batch-failed', scored: 0, failed: 0 };
  if (input === null) throw new InvalidChunkError(`chunk ${field} of batch ${job.batchId} has no input rows (expired or deleted)`);
  let rows: ChunkRows;
  try {
    rows = decodeChunkRows(input);
  } catch (error) {
    if (error instanceof ChunkCodecError) throw new InvalidChunkError(`chunk ${field} of batch ${job.batchId}: ${error.message}`, { cause: error });
    throw error;
  }
  if (rows.rowCount !== job.rowCount) throw new InvalidChunkError(`chunk ${field} of batch ${job.batchId} has ${rows.rowCount} rows, the job says ${job.rowCount}`);
  const scored = await scoreChunk(rows, deps.scorer);
  await saveChunkResults(deps.redis, keys, job, rows, scored, deps.ttlSeconds);
  return { status: 'scored', scored: rows.rowCount - scored.problems.size, failed: scored.problems.size };
}

/**
 * The BullMQ processor function: {@link processChunk} with errors mapped by `toJobError`, so invalid
 * chunks fail at once and transient faults are retried with backoff.
 * @example new Worker(queueName, createChunkProcessor(deps), options)
 */
export function createChunkProcessor(deps: ChunkProcessorDeps): (job: { readonly data: ChunkJobData }) => Promise<ChunkOutcome> {
  return async (job) => {
    try {
      return await processChunk(deps, job.data);
    } catch (error) {
      throw toJobError(error);
    }
  };
}
