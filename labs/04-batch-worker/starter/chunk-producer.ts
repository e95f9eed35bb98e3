// Chunking producer: cuts rows into chunks of N, stores each chunk's rows and enqueues one job per chunk.

import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { execOrThrow } from '@mlops/redis';
import type { BatchKeys } from '@mlops/batch/batch-space';
import { encodeChunkRows, type ChunkRows } from '@mlops/batch/chunk-codec';
import { failureRecord } from '@mlops/batch/failure-record';
import { CHUNK_JOB_NAME, type ChunkJobData } from '@mlops/batch/job-types';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** A full (or final) chunk, ready to be stored and enqueued. */
export interface SealedChunk {
  readonly index: number;
  readonly firstRow: number;
  readonly rows: ChunkRows;
  /** Rows already known to be unscorable (malformed CSV lines): batch row index -> reason. */
  readonly problems: ReadonlyMap<number, string>;
}

/**
 * Cuts a stream of rows into chunks of `chunkSize` rows, without I/O: `add` copies a row into the
 * current chunk and returns the chunk once it is full; `finish` returns the last, partial one.
 * @example const builder = new ChunkBuilder(1000); const sealed = builder.add(features, line); if (sealed) await enqueue([sealed]);
 */
export class ChunkBuilder {
  private readonly features: Float32Array;
  private readonly lines: Uint32Array;
  private problems = new Map<number, string>();
  private rowsInChunk = 0;
  private chunkIndex = 0;
  private totalRows = 0;

  /** @throws RangeError when `chunkSize` is not a positive integer. */
  constructor(private readonly chunkSize: number) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    this.features = new Float32Array(chunkSize * FEATURE_COUNT);
    this.lines = new Uint32Array(chunkSize);
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.totalRows;
  }

  /** Chunks sealed so far. */
  get chunkCount(): number {
    return this.chunkIndex;
  }

  /**
   * Adds one row. `features` holds the 11 inputs in model order, or is `undefined` for a row that
   * could not be read, in which case `problem` says why. `line` is the CSV line (0 for JSON rows).
   * Returns the chunk when this row filled it (`this.seal()`), else `undefined`.
   */
  add(features: ArrayLike<number> | undefined, line: number, problem?: string): SealedChunk | undefined {
    // TODO step 1: copy the row into the current chunk; seal it when it holds chunkSize rows
    throw notImplemented('src/chunk-producer.ts', 'step 1: copy the row into the current chunk; seal it when it holds chunkSize rows');
  }

  /** Seals what is left: the last, partial chunk, or `undefined` when the last chunk was full (or there were no rows). */
  finish(): SealedChunk | undefined {
    return this.rowsInChunk > 0 ? this.seal() : undefined;
  }

  /** Copies the current chunk's rows out (the buffers are reused for the next chunk) and starts a new chunk. */
  private seal(): SealedChunk {
    const rowCount = this.rowsInChunk;
    const chunk: SealedChunk = {
      index: this.chunkIndex,
      firstRow: this.totalRows - rowCount,
      rows: { rowCount, features: this.features.slice(0, rowCount * FEATURE_COUNT), lines: this.lines.slice(0, rowCount) },
      problems: this.problems,
    };
    this.chunkIndex++;
    this.rowsInChunk = 0;
    this.problems = new Map();
    return chunk;
  }
}

/** What {@link enqueueChunks} needs. */
export interface EnqueueDeps {
  readonly redis: Redis;
  readonly queue: Queue<ChunkJobData>;
  readonly keys: BatchKeys;
  readonly ttlSeconds: number;
  readonly jobOptions: JobsOptions;
}

/**
 * The job id of a chunk: the same batch and chunk always give the same id, so enqueueing a chunk twice
 * (a client resubmits, a producer restarts) adds it once. BullMQ forbids `:` in custom ids.
 * @example chunkJobId('b42', 7) // 'b42.7'
 */
export function chunkJobId(batchId: string, chunkIndex: number): string {
  // TODO step 2: a deterministic id from the batch id and the chunk index
  throw notImplemented('src/chunk-producer.ts', 'step 2: a deterministic id from the batch id and the chunk index');
}

/**
 * Stores the rows of `chunks` (and the reasons of rows known to be bad) in one MULTI, then adds one
 * job per chunk with `addBulk` and a deterministic job id. Rows are stored before the jobs exist, so a
 * worker never sees a job without its rows.
 */
export async function enqueueChunks(deps: EnqueueDeps, batchId: string, chunks: readonly SealedChunk[]): Promise<void> {
  if (chunks.length === 0) return;
  // TODO step 2: store the rows with a TTL, then addBulk one job per chunk with chunkJobId
  throw notImplemented('src/chunk-producer.ts', 'step 2: store the rows with a TTL, then addBulk one job per chunk with chunkJobId');
}

/** Options of a {@link ChunkProducer}. */
export interface ChunkProducerOptions extends EnqueueDeps {
  readonly batchId: string;
  /** Rows per chunk job. */
  readonly chunkSize: number;
  /** Rows of sealed chunks held before one round trip to Redis (several chunks per MULTI/addBulk). @defaultValue 8000 */
  readonly flushRows?: number;
}

/**
 * Turns a stream of rows into chunk jobs: a {@link ChunkBuilder} cuts the rows into chunks, and sealed
 * chunks go to {@link enqueueChunks} a few at a time. Memory stays bounded by `flushRows`, whatever the
 * size of the batch.
 * @example const producer = new ChunkProducer({ redis, queue, keys, ttlSeconds, jobOptions, batchId, chunkSize: 1000 });
 * for (const row of rows) await producer.add(row, 0);
 * const { totalRows, chunkCount } = await producer.finish();
 */
export class ChunkProducer {
  private readonly builder: ChunkBuilder;
  private pending: SealedChunk[] = [];
  private pendingRows = 0;

  constructor(private readonly options: ChunkProducerOptions) {
    this.builder = new ChunkBuilder(options.chunkSize);
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.builder.rowCount;
  }

  /** Adds one row (see {@link ChunkBuilder.add}); enqueues the sealed chunks once they hold `flushRows` rows. */
  async add(features: ArrayLike<number> | undefined, line: number, problem?: string): Promise<void> {
    const sealed = this.builder.add(features, line, problem);
    if (sealed === undefined) return;
    this.pending.push(sealed);
    this.pendingRows += sealed.rows.rowCount;
    if (this.pendingRows >= (this.options.flushRows ?? 8000) || this.pending.length >= 1000) await this.flush();
  }

  /** Seals and enqueues what is left. Returns the batch's row and chunk counts. */
  async finish(): Promise<{ totalRows: number; chunkCount: number }> {
    const last = this.builder.finish();
    if (last !== undefined) this.pending.push(last);
    await this.flush();
    return { totalRows: this.builder.rowCount, chunkCount: this.builder.chunkCount };
  }

  private async flush(): Promise<void> {
    const chunks = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    await enqueueChunks(this.options, this.options.batchId, chunks);
  }
}
