// Chunking producer: collects rows into chunks of N, stores each chunk's rows and enqueues one job per chunk.

import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import type { BatchKeys } from '@mlops/batch/batch-space';
import { encodeChunkRows, type ChunkRows } from '@mlops/batch/chunk-codec';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** The data of a chunk job: which rows of which batch to score. */
export interface ChunkJobData {
  readonly batchId: string;
  readonly chunkIndex: number;
  /** Index of the chunk's first row in the batch (0-based). */
  readonly firstRow: number;
  readonly rowCount: number;
}

/** A full (or final) chunk, ready to be stored and enqueued. */
export interface SealedChunk {
  readonly index: number;
  readonly firstRow: number;
  readonly rows: ChunkRows;
  /** Rows already known to be unscorable (malformed CSV lines): row index -> reason. */
  readonly problems: ReadonlyMap<number, string>;
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

/** A failed row as stored in the failures hash. `line` is omitted for JSON rows. */
export function failureRecord(row: number, line: number, reason: string): string {
  return JSON.stringify(line > 0 ? { row, line, reason } : { row, reason });
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

/** Runs a MULTI and throws the first command error (ioredis reports them per command). */
export async function execOrThrow(tx: ReturnType<Redis['multi']>): Promise<unknown[]> {
  const replies = await tx.exec();
  if (replies === null) throw new Error('Redis transaction was aborted');
  for (const [error] of replies) if (error) throw error;
  return replies.map(([, value]) => value);
}

/** Options of a {@link ChunkWriter}. */
export interface ChunkWriterOptions extends EnqueueDeps {
  readonly batchId: string;
  /** Rows per chunk job. @defaultValue 1000 */
  readonly chunkSize: number;
  /** Rows buffered before a round trip to Redis (several chunks per MULTI/addBulk). @defaultValue 8000 */
  readonly flushRows?: number;
  /**
   * Where sealed chunks go, a few at a time (never called with none); tests of the chunking alone pass a
   * collector. @defaultValue `(chunks) => enqueueChunks(options, options.batchId, chunks)`
   */
  readonly send?: (chunks: readonly SealedChunk[]) => Promise<void>;
}

/**
 * Turns a stream of rows into chunk jobs: `add` copies each row into the current chunk, a full chunk
 * is sealed, and sealed chunks are sent to Redis a few at a time. `finish` sends the last, partial chunk.
 * Memory stays bounded by `flushRows`, whatever the size of the batch.
 */
export class ChunkWriter {
  private features: Float32Array;
  private lines: Uint32Array;
  private problems = new Map<number, string>();
  private rowsInChunk = 0;
  private chunkIndex = 0;
  private totalRows = 0;
  private sealed: SealedChunk[] = [];
  private sealedRows = 0;

  constructor(private readonly options: ChunkWriterOptions) {
    if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${options.chunkSize}`);
    this.features = new Float32Array(options.chunkSize * FEATURE_COUNT);
    this.lines = new Uint32Array(options.chunkSize);
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.totalRows;
  }

  /**
   * Adds one row. `features` holds the 11 inputs in model order, or is `undefined` for a row that
   * could not be read, in which case `problem` says why. `line` is the CSV line (0 for JSON rows).
   */
  async add(features: ArrayLike<number> | undefined, line: number, problem?: string): Promise<void> {
    // TODO step 1: copy the row into the current chunk; seal it when it holds chunkSize rows
    throw notImplemented('src/chunk-producer.ts', 'step 1: copy the row into the current chunk; seal it when it holds chunkSize rows');
  }

  /** Seals and sends what is left. Returns the batch's row and chunk counts. */
  async finish(): Promise<{ totalRows: number; chunkCount: number }> {
    if (this.rowsInChunk > 0) this.sealCurrent();
    await this.flush();
    return { totalRows: this.totalRows, chunkCount: this.chunkIndex };
  }

  private sealCurrent(): void {
    const rowCount = this.rowsInChunk;
    this.sealed.push({
      index: this.chunkIndex,
      firstRow: this.totalRows - rowCount,
      rows: { rowCount, features: this.features.slice(0, rowCount * FEATURE_COUNT), lines: this.lines.slice(0, rowCount) },
      problems: this.problems,
    });
    this.sealedRows += rowCount;
    this.chunkIndex++;
    this.rowsInChunk = 0;
    this.problems = new Map();
  }

  private async seal(): Promise<void> {
    this.sealCurrent();
    const flushRows = this.options.flushRows ?? 8000;
    if (this.sealedRows >= flushRows || this.sealed.length >= 1000) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunks = this.sealed;
    this.sealed = [];
    this.sealedRows = 0;
    if (chunks.length === 0) return;
    if (this.options.send) await this.options.send(chunks);
    else await enqueueChunks(this.options, this.options.batchId, chunks);
  }
}
