// A batch's lifecycle in Redis: create (idempotent), finish receiving, cancel, and status with progress.

import type { Redis } from 'ioredis';
import { execOrThrow } from '@mlops/redis';
import { batchKeys, receivingSetKey, type BatchSpace } from './batch-space';
import { CLAIM_BATCH, FAIL_RECEIVING, FINISH_RECEIVING, REPLACE_FAILED_BATCH } from './batch-scripts';
import { parseFailureRecord, type FailedRow } from './failure-record';

/** Where a batch is. `completed` includes batches with failed rows (see `rows.failed`). */
export type BatchState = 'receiving' | 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';

/** What `GET /v1/batches/:id` answers. */
export interface BatchStatus {
  readonly batchId: string;
  readonly state: BatchState;
  readonly source: string;
  readonly createdAt: string;
  readonly chunkSize: number;
  readonly rows: { readonly total: number | null; readonly done: number; readonly scored: number; readonly failed: number };
  readonly chunks: { readonly total: number | null; readonly done: number };
  /** 0-100, one decimal; null while the upload is still being received. */
  readonly percent: number | null;
  /** Failed rows in row order (at most `failedRowsLimit`). */
  readonly failedRows: readonly FailedRow[];
  readonly failedRowsTruncated: boolean;
  readonly error?: string;
}

/** Batch metadata kept in the meta hash. */
export interface BatchMeta {
  readonly state: 'receiving' | 'queued' | 'cancelled' | 'failed';
  readonly source: string;
  readonly createdAt: string;
  readonly chunkSize: number;
  readonly totalRows: number | null;
  readonly chunkCount: number | null;
  readonly error?: string;
  /** SHA-256 (hex) of the owner's token; never part of a status. */
  readonly ownerHash?: string;
  /** Chunk jobs that may exist for a failed batch (a replacement removes them). */
  readonly chunksQueued: number;
}

/** The lease of an upload: its random id and how long it lives without renewal (see `UploadLease`). */
export interface LeaseInit {
  readonly uploadId: string;
  readonly ms: number;
}

/** What a new batch records. */
export interface BatchInit {
  readonly source: string;
  readonly chunkSize: number;
  readonly ttlSeconds: number;
  /** SHA-256 (hex) of the owner's token (`hashBatchToken`); without it no HTTP client can read the batch. */
  readonly ownerHash?: string;
  /** Set while an uploader renews the lease; without it the batch is never taken for abandoned. */
  readonly lease?: LeaseInit;
}

/** The batch that already holds an id, as {@link claimBatch} found it. */
export interface ExistingBatch {
  readonly state: BatchMeta['state'];
  readonly ownerHash: string | undefined;
  /** Chunk jobs that may exist for it (recorded when it failed; 0 otherwise). */
  readonly chunksQueued: number;
  readonly leaseAlive: boolean;
}

function claimArgs(batchId: string, init: BatchInit): (string | number)[] {
  return [batchId, init.ownerHash ?? '', init.lease?.uploadId ?? '', init.lease?.ms ?? 0, init.ttlSeconds, init.source, init.chunkSize, new Date().toISOString()];
}

/**
 * Claims `batchId` atomically: writes the new batch's metadata (owner hash, lease) and returns `{ created: true }`, or
 * returns the batch that already holds the id, which is what makes client-chosen ids idempotent.
 */
export async function claimBatch(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  init: BatchInit,
): Promise<{ readonly created: true } | { readonly created: false; readonly existing: ExistingBatch }> {
  const keys = batchKeys(space, batchId);
  const reply = (await redis.eval(CLAIM_BATCH, 3, keys.meta, keys.lease, receivingSetKey(space), ...claimArgs(batchId, init))) as 1 | [string, string, string, number];
  if (reply === 1) return { created: true };
  const [state, owner, chunksQueued, lease] = reply;
  return { created: false, existing: { state: state as BatchMeta['state'], ownerHash: owner === '' ? undefined : owner, chunksQueued: Number(chunksQueued), leaseAlive: lease === 1 } };
}

/**
 * Claims `batchId` (see {@link claimBatch}). Returns false when a batch with this id already exists.
 */
export async function createBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, init: BatchInit): Promise<boolean> {
  return (await claimBatch(redis, space, batchId, init)).created;
}

/**
 * Replaces a failed batch of the same owner with a new, empty one (its keys deleted first). The caller removes
 * the old chunk jobs before (their ids would otherwise keep the new chunks out of the queue). Returns false when
 * the batch is no longer failed or has another owner.
 */
export async function replaceFailedBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, init: BatchInit): Promise<boolean> {
  const keys = batchKeys(space, batchId);
  const replaced = await redis.eval(REPLACE_FAILED_BATCH, 6, keys.meta, keys.lease, receivingSetKey(space), keys.input, keys.results, keys.failures, ...claimArgs(batchId, init));
  return replaced === 1;
}

/**
 * Marks the upload complete: the row and chunk totals are known and progress can reach 100%. With `uploadId`, only
 * while that upload still holds the batch. Returns false when the batch was no longer receiving (failed meanwhile).
 */
export async function finishBatch(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  totals: { totalRows: number; chunkCount: number },
  uploadId = '',
): Promise<boolean> {
  const keys = batchKeys(space, batchId);
  const done = await redis.eval(FINISH_RECEIVING, 3, keys.meta, keys.lease, receivingSetKey(space), batchId, uploadId, totals.totalRows, totals.chunkCount);
  return done === 1;
}

/**
 * Marks a batch that is still receiving failed, with a message for the client: its pending input rows are deleted
 * and workers skip its chunks. Returns false when it was not receiving (completed its upload, or failed already).
 */
export async function failBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, error: string): Promise<boolean> {
  return (await failReceiving(redis, space, batchId, error, 'now')) === 1;
}

/** What an abandoned upload's batch says in `error`. */
export const ABANDONED_UPLOAD_REASON =
  'the upload stopped before it was complete (the server receiving it went away); its remaining chunks are not scored: submit the batch again (same Batch-Id and Batch-Token to reuse the id)';

/**
 * Fails the batch if it is receiving and its uploader's lease has expired (the uploader died). Returns true when it
 * failed it here.
 */
export async function failIfAbandoned(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string): Promise<boolean> {
  return (await failReceiving(redis, space, batchId, ABANDONED_UPLOAD_REASON, 'abandoned')) === 1;
}

async function failReceiving(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, error: string, mode: 'now' | 'abandoned'): Promise<unknown> {
  const keys = batchKeys(space, batchId);
  return redis.eval(FAIL_RECEIVING, 5, keys.meta, keys.input, keys.results, keys.lease, receivingSetKey(space), batchId, error, mode);
}

/** Cancels a batch: workers skip its remaining chunks, its pending input rows are deleted, an upload still running stops. */
export async function cancelBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string): Promise<void> {
  const keys = batchKeys(space, batchId);
  await execOrThrow(redis.multi().hset(keys.meta, 'state', 'cancelled').del(keys.input, keys.lease).srem(receivingSetKey(space), batchId));
}

/** Reads the metadata of a batch, or `undefined` when there is no such batch. */
export async function readBatchMeta(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string): Promise<BatchMeta | undefined> {
  const meta = await redis.hgetall(batchKeys(space, batchId).meta);
  if (meta.state === undefined) return undefined;
  const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));
  return {
    state: meta.state as BatchMeta['state'],
    source: meta.source ?? 'unknown',
    createdAt: meta.createdAt ?? '',
    chunkSize: Number(meta.chunkSize ?? 0),
    totalRows: num(meta.totalRows),
    chunkCount: num(meta.chunkCount),
    ...(meta.error === undefined ? {} : { error: meta.error }),
    ...(meta.owner === undefined || meta.owner === '' ? {} : { ownerHash: meta.owner }),
    chunksQueued: Number(meta.chunksQueued ?? 0),
  };
}

/**
 * The status of a batch, or `undefined` when unknown (or expired). Done rows are counted from the
 * results hash (one field per chunk), never from counters, so a retried chunk is not counted twice.
 */
export async function readBatchStatus(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  failedRowsLimit = 100,
): Promise<BatchStatus | undefined> {
  const meta = await readBatchMeta(redis, space, batchId);
  return meta === undefined ? undefined : statusFromMeta(redis, space, batchId, meta, failedRowsLimit);
}

/** The status of a batch whose metadata was read already (see {@link readBatchStatus}). */
export async function statusFromMeta(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  meta: BatchMeta,
  failedRowsLimit = 100,
): Promise<BatchStatus> {
  const keys = batchKeys(space, batchId);
  const lastChunk = meta.chunkCount === null ? -1 : meta.chunkCount - 1;
  const [chunksDone, lastDone, failedCount] = (await execOrThrow(
    redis.multi().hlen(keys.results).hexists(keys.results, String(lastChunk)).hlen(keys.failures),
  )) as [number, number, number];
  let rowsDone = chunksDone * meta.chunkSize;
  if (meta.totalRows !== null && meta.chunkCount !== null && lastDone === 1) {
    rowsDone -= meta.chunkCount * meta.chunkSize - meta.totalRows; // the last chunk is short
  }
  const complete = meta.totalRows !== null && rowsDone >= meta.totalRows;
  let state: BatchState = meta.state;
  if (meta.state === 'queued') state = complete ? 'completed' : chunksDone > 0 ? 'running' : 'queued';
  const { rows: failedRows, truncated } = await readFailedRows(redis, keys.failures, failedCount, failedRowsLimit);
  return {
    batchId,
    state,
    source: meta.source,
    createdAt: meta.createdAt,
    chunkSize: meta.chunkSize,
    rows: { total: meta.totalRows, done: rowsDone, scored: Math.max(0, rowsDone - failedCount), failed: failedCount },
    chunks: { total: meta.chunkCount, done: chunksDone },
    percent: meta.totalRows === null ? null : meta.totalRows === 0 ? 100 : Math.floor((1000 * rowsDone) / meta.totalRows) / 10,
    failedRows,
    failedRowsTruncated: truncated,
    ...(meta.error === undefined ? {} : { error: meta.error }),
  };
}

async function readFailedRows(redis: Redis, key: string, count: number, limit: number): Promise<{ rows: FailedRow[]; truncated: boolean }> {
  if (count === 0 || limit <= 0) return { rows: [], truncated: count > 0 };
  let values: string[];
  if (count <= 10_000) {
    values = Object.values(await redis.hgetall(key));
  } else {
    // Too many to sort cheaply: show some of them, say so.
    const [, flat] = await redis.hscan(key, '0', 'COUNT', limit);
    values = flat.filter((_, i) => i % 2 === 1);
  }
  const rows = values.map(parseFailureRecord).sort((a, b) => a.row - b.row);
  return { rows: rows.slice(0, limit), truncated: count > limit };
}
