// Submits a batch from CSV records or JSON rows: claims the id (owner token, upload lease), streams rows into chunk jobs, records totals.

import { randomUUID } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { batchKeys, type BatchSpace } from './batch-space';
import { hashBatchToken, newBatchToken, tokenMatches } from './batch-owner';
import { claimBatch, failBatch, failIfAbandoned, finishBatch, readBatchMeta, replaceFailedBatch } from './batch-store';
import { ChunkProducer, enqueueChunks, type EnqueueDeps, type SealedChunk } from './chunk-producer';
import { removeChunkJobs } from './remove-chunk-jobs';
import { BatchInputError, UploadAbortedError, UploadLostError } from './errors';
import { DEFAULT_UPLOAD_LEASE_MS, UploadLease } from './upload-lease';
import type { ChunkJobData } from './job-types';
import { parseJsonRow } from './json-rows';

/** What a producer needs: a fail-fast Redis connection, the chunk queue and the batch settings. */
export interface BatchProducerDeps {
  readonly redis: Redis;
  readonly queue: Queue<ChunkJobData>;
  readonly space: BatchSpace;
  /** Rows per chunk job. */
  readonly chunkSize: number;
  /** TTL of every batch key (inputs, results, status). */
  readonly ttlSeconds: number;
  /** Options of each chunk job (see `chunkJobOptions`). */
  readonly jobOptions: JobsOptions;
}

/** The outcome of a submission: a new batch, or the existing batch with the same client id (and token). */
export type SubmitOutcome =
  | { readonly created: true; readonly batchId: string; readonly token: string; readonly totalRows: number; readonly chunkCount: number }
  | { readonly created: false; readonly batchId: string; readonly token: string };

/** Options of a submission. */
export interface SubmitOptions {
  /** Client-chosen id; a random UUID when absent. */
  readonly batchId?: string;
  /** The owner's token (client-chosen or `newBatchToken()`); a new one when absent. Redis keeps its SHA-256 only. */
  readonly token?: string;
  /** Lease of the upload, renewed while it runs (see `UploadLease`). @defaultValue DEFAULT_UPLOAD_LEASE_MS */
  readonly leaseMs?: number;
}

interface Submission {
  readonly deps: BatchProducerDeps;
  readonly batchId: string;
  readonly token: string;
  readonly source: string;
  readonly leaseMs: number;
  lease?: UploadLease;
  /** True once the id is claimed for this upload. */
  begun: boolean;
  /** Row by row (JSON, in-process CSV records): cuts and enqueues chunks. */
  producer?: ChunkProducer;
  /** Chunk by chunk (chunks sealed on the ingest thread): sealed chunks waiting for one round trip, and the counts. */
  pending: SealedChunk[];
  pendingRows: number;
  sealedRows: number;
  sealedChunks: number;
}

function submission(deps: BatchProducerDeps, source: string, options: SubmitOptions): Submission {
  return {
    deps,
    source,
    batchId: options.batchId ?? randomUUID(),
    token: options.token ?? newBatchToken(),
    leaseMs: options.leaseMs ?? DEFAULT_UPLOAD_LEASE_MS,
    begun: false,
    pending: [],
    pendingRows: 0,
    sealedRows: 0,
    sealedChunks: 0,
  };
}

/**
 * Claims the id on the first row, with a lease renewed while the upload runs. Returns false when a batch with that
 * id exists already and belongs to the same token (a retry). A failed batch of the same token is replaced (its old
 * chunk jobs removed first). @throws BatchInputError 409 when the id belongs to another token.
 */
async function begin(s: Submission): Promise<boolean> {
  const { deps } = s;
  const uploadId = UploadLease.newUploadId();
  const init = { source: s.source, chunkSize: deps.chunkSize, ttlSeconds: deps.ttlSeconds, ownerHash: hashBatchToken(s.token), lease: { uploadId, ms: s.leaseMs } };
  const claim = await claimBatch(deps.redis, deps.space, s.batchId, init);
  if (!claim.created) {
    if (!tokenMatches(claim.existing.ownerHash, s.token)) throw new BatchInputError(`batch id "${s.batchId}" is already in use; choose another id, or send the Batch-Token it was created with`, 409);
    let { state, chunksQueued } = claim.existing;
    // An upload that died (its lease lapsed) and was not swept yet.
    if (state === 'receiving' && !claim.existing.leaseAlive && (await failIfAbandoned(deps.redis, deps.space, s.batchId))) {
      state = 'failed';
      chunksQueued = (await readBatchMeta(deps.redis, deps.space, s.batchId))?.chunksQueued ?? 0;
    }
    if (state !== 'failed') return false;
    await removeChunkJobs(deps.queue, s.batchId, chunksQueued);
    if (!(await replaceFailedBatch(deps.redis, deps.space, s.batchId, init))) return false;
  }
  s.lease = UploadLease.start(deps.redis, deps.space, s.batchId, uploadId, s.leaseMs);
  s.begun = true;
  return true;
}

function enqueueDeps(s: Submission): EnqueueDeps {
  const { deps } = s;
  return { redis: deps.redis, queue: deps.queue, keys: batchKeys(deps.space, s.batchId), ttlSeconds: deps.ttlSeconds, jobOptions: deps.jobOptions };
}

function checkLease(s: Submission): void {
  if (s.lease!.lost) throw new UploadLostError(`batch "${s.batchId}" stopped receiving while it was uploaded (cancelled, or failed after Redis was unreachable for over ${s.leaseMs} ms); submit it again`);
}

/** Adds one row, unless the batch stopped being this upload's (then the upload stops). */
async function addRow(s: Submission, features: ArrayLike<number> | undefined, line: number, problem?: string): Promise<void> {
  checkLease(s);
  s.producer ??= new ChunkProducer({ ...enqueueDeps(s), batchId: s.batchId, chunkSize: s.deps.chunkSize });
  await s.producer.add(features, line, problem);
}

/** Rows of sealed chunks held before one round trip to Redis (as `ChunkProducer` does). */
const FLUSH_ROWS = 8000;

/** Adds one sealed chunk; enqueues the held chunks once they hold {@link FLUSH_ROWS} rows. */
async function addChunk(s: Submission, chunk: SealedChunk): Promise<void> {
  checkLease(s);
  s.pending.push(chunk);
  s.pendingRows += chunk.rows.rowCount;
  s.sealedRows += chunk.rows.rowCount;
  s.sealedChunks++;
  if (s.pendingRows >= FLUSH_ROWS) await flushChunks(s);
}

async function flushChunks(s: Submission): Promise<void> {
  const chunks = s.pending;
  s.pending = [];
  s.pendingRows = 0;
  await enqueueChunks(enqueueDeps(s), s.batchId, chunks);
}

async function end(s: Submission): Promise<SubmitOutcome> {
  let totals: { totalRows: number; chunkCount: number };
  if (s.producer) totals = await s.producer.finish();
  else {
    await flushChunks(s);
    totals = { totalRows: s.sealedRows, chunkCount: s.sealedChunks };
  }
  if (!(await finishBatch(s.deps.redis, s.deps.space, s.batchId, totals, s.lease!.uploadId))) {
    throw new UploadLostError(`batch "${s.batchId}" stopped receiving before its upload was complete (cancelled, or failed after Redis was unreachable for over ${s.leaseMs} ms); submit it again`);
  }
  return { created: true, batchId: s.batchId, token: s.token, ...totals };
}

/** Why an upload stopped, for the batch's `error`: a client that went away is said so plainly. */
function failureReason(s: Submission, error: unknown): string {
  const rows = s.producer?.rowCount ?? s.sealedRows;
  if (error instanceof UploadAbortedError) return `the upload's connection closed after ${rows} rows, before it was complete (the client went away, or the server stopped); nothing more is scored: submit the batch again`;
  return `the upload failed after ${rows} rows: ${(error as Error).message}`;
}

async function guard(s: Submission, work: () => Promise<SubmitOutcome>): Promise<SubmitOutcome> {
  try {
    return await work();
  } catch (error) {
    // Half-received batch: say so in its status (best effort: Redis itself may be what failed; then the lease lapses
    // and the sweep fails it).
    if (s.begun && !(error instanceof UploadLostError)) await failBatch(s.deps.redis, s.deps.space, s.batchId, failureReason(s, error)).catch(() => {});
    throw error;
  } finally {
    s.lease?.stop();
  }
}

/**
 * Submits a CSV upload as sealed chunks (see `csvChunks` in csv-row-batches.ts, or `csvChunksInThread` to parse and cut them off the
 * event loop): the batch is claimed with the first chunk; a bad header or an upload without rows throws before any
 * batch exists.
 * @throws BatchInputError for a bad header or a file without data rows.
 */
export async function submitCsvChunks(deps: BatchProducerDeps, chunks: AsyncIterable<SealedChunk>, options: SubmitOptions = {}): Promise<SubmitOutcome> {
  const s = submission(deps, 'csv', options);
  return guard(s, async () => {
    for await (const chunk of chunks) {
      if (!s.begun && !(await begin(s))) return { created: false, batchId: s.batchId, token: s.token };
      await addChunk(s, chunk);
    }
    if (!s.begun) throw new BatchInputError('the CSV has a header but no data rows');
    return end(s);
  });
}

/**
 * Submits JSON rows (objects with named features or arrays of 11 numbers). Rows that cannot be read
 * become failed rows with their index.
 * @throws BatchInputError when `rows` is empty.
 */
export async function submitJsonRows(deps: BatchProducerDeps, rows: readonly unknown[], options: SubmitOptions = {}): Promise<SubmitOutcome> {
  if (rows.length === 0) throw new BatchInputError('"rows" is empty; send at least one wine');
  const s = submission(deps, 'json', options);
  return guard(s, async () => {
    if (!(await begin(s))) return { created: false, batchId: s.batchId, token: s.token };
    const values = new Float64Array(FEATURE_COUNT);
    for (const row of rows) {
      const problem = parseJsonRow(row, values);
      await addRow(s, problem === undefined ? values : undefined, 0, problem);
    }
    return end(s);
  });
}
