// A batch's lifecycle in Redis: create (idempotent), finish receiving, cancel, and status with progress.

import type { Redis } from 'ioredis';
import { execOrThrow } from '@mlops/redis';
import { batchKeys, type BatchSpace } from './batch-space';
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
}

/**
 * Claims `batchId` (HSETNX on the state field) and writes its metadata. Returns false when a batch
 * with this id already exists, which is what makes client-chosen ids idempotent.
 */
export async function createBatch(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  init: { source: string; chunkSize: number; ttlSeconds: number },
): Promise<boolean> {
  const keys = batchKeys(space, batchId);
  const claimed = await redis.hsetnx(keys.meta, 'state', 'receiving');
  if (claimed === 0) return false;
  await execOrThrow(
    redis
      .multi()
      .hset(keys.meta, { source: init.source, chunkSize: init.chunkSize, createdAt: new Date().toISOString() })
      .expire(keys.meta, init.ttlSeconds),
  );
  return true;
}

/** Marks the upload complete: the row and chunk totals are known and progress can reach 100%. */
export async function finishBatch(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  totals: { totalRows: number; chunkCount: number },
): Promise<void> {
  const keys = batchKeys(space, batchId);
  await redis.hset(keys.meta, { state: 'queued', totalRows: totals.totalRows, chunkCount: totals.chunkCount });
}

/** Marks a batch failed (bad upload) with a message for the client. */
export async function failBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, error: string): Promise<void> {
  await redis.hset(batchKeys(space, batchId).meta, { state: 'failed', error });
}

/** Cancels a batch: workers skip its remaining chunks and its pending input rows are deleted. */
export async function cancelBatch(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string): Promise<void> {
  const keys = batchKeys(space, batchId);
  await execOrThrow(redis.multi().hset(keys.meta, 'state', 'cancelled').del(keys.input));
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
  if (meta === undefined) return undefined;
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
