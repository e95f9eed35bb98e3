// Chunk processor: scores one chunk job with the model and stores its results exactly once per row.

import type { Redis } from 'ioredis';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { execOrThrow } from '@mlops/redis';
import { batchKeys, type BatchKeys, type BatchSpace } from './batch-space';
import { CLASS_COUNT, decodeChunkRows, encodeChunkResults, type ChunkRows } from './chunk-codec';
import { ChunkCodecError, InvalidChunkError } from './errors';
import { failureRecord } from './failure-record';
import type { ChunkJobData, ChunkOutcome } from './job-types';
import { toJobError } from './retry-policy';
import { rowProblem } from './row-problem';
import { scoreRows, type RowScorer } from './row-scorer';

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
  // #region solution step 3: skip rows with a problem, score the rest in one call, NaN for skipped rows
  const problems = new Map<number, string>();
  const good: number[] = [];
  for (let i = 0; i < rows.rowCount; i++) {
    const problem = rowProblem(rows.features, i);
    if (problem === undefined) good.push(i);
    else problems.set(i, problem);
  }
  const probabilities = new Float32Array(rows.rowCount * CLASS_COUNT).fill(Number.NaN);
  if (good.length === 0) return { probabilities, problems };
  const input = new Float32Array(good.length * FEATURE_COUNT);
  good.forEach((row, k) => input.set(rows.features.subarray(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT), k * FEATURE_COUNT));
  const output = await scoreRows(scorer, input, good.length);
  good.forEach((row, k) => probabilities.set(output.subarray(k * CLASS_COUNT, (k + 1) * CLASS_COUNT), row * CLASS_COUNT));
  return { probabilities, problems };
  // #endregion solution
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
  // #region solution step 3: one MULTI: HSET the chunk's results field, HSETNX each problem, HDEL the input, EXPIRE
  const field = String(job.chunkIndex);
  const tx = redis.multi();
  tx.hset(keys.results, field, encodeChunkResults({ rowCount: rows.rowCount, probabilities: scored.probabilities, lines: rows.lines }));
  for (const [i, reason] of scored.problems) {
    const row = job.firstRow + i;
    tx.hsetnx(keys.failures, String(row), failureRecord(row, rows.lines[i]!, reason));
  }
  tx.hdel(keys.input, field);
  tx.expire(keys.results, ttlSeconds).expire(keys.failures, ttlSeconds).expire(keys.meta, ttlSeconds);
  await execOrThrow(tx);
  // #endregion solution
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
