// The batch API: submit (JSON or CSV), status, results (CSV or JSON lines, in row order) and cancel.

import { once } from 'node:events';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { isRedisUnavailableError, redisUnavailableMessage } from '@mlops/redis';
import { HttpError } from '@mlops/http-service/http-error';
import { BATCH_ID_PATTERN, DEFAULT_BATCH_SPACE, type BatchSpace } from './batch-space';
import { BATCH_TOKEN_HEADER, BATCH_TOKEN_PATTERN, tokenMatches } from './batch-owner';
import { cancelBatch, failIfAbandoned, readBatchMeta, statusFromMeta, type BatchMeta } from './batch-store';
import { streamBatchResults, type ResultsFormat } from './results-stream';
import { chunkJobOptions, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { BatchInputError, UploadLostError } from './errors';
import { redisErrorForLog } from './redis-failure';
import { quoteText } from '@mlops/http-service/value-text';
import { DEFAULT_MAX_RECORD_SIZE } from '@mlops/dataset/csv-records';
import type { ChunkJobData } from './job-types';
import { firstTooDeepRow, MAX_JSON_ROW_DEPTH } from './json-rows';
import { submitJsonRows, type BatchProducerDeps, type SubmitOptions, type SubmitOutcome } from './submit-batch';
import { DEFAULT_UPLOAD_LEASE_MS } from './upload-lease';
import { submitCsvStream, submitMultipart } from './upload-body';

/** Options of {@link createBatchRouter}. */
export interface BatchRouterOptions {
  /** A fail-fast connection (`createProducerConnection`): batch routes answer 503 at once while Redis is down. */
  readonly redis: Redis;
  /** The chunk queue (`createBatchQueue(redis, space)`); the caller closes it. */
  readonly queue: Queue<ChunkJobData>;
  /** Queue name and key prefix shared with the workers. @defaultValue DEFAULT_BATCH_SPACE */
  readonly space?: BatchSpace;
  /** Rows per chunk job. @defaultValue 1000 */
  readonly chunkSize?: number;
  /** Seconds a batch (inputs, results, status) is kept. @defaultValue 86400 (one day) */
  readonly ttlSeconds?: number;
  /** Attempts, backoff and job retention of chunk jobs. @defaultValue DEFAULT_RETRY_POLICY */
  readonly retryPolicy?: RetryPolicy;
  /**
   * Largest JSON body accepted; JSON is parsed in one piece on the event loop (a 60 MB body stalled
   * every other route for 0.4 s), CSV uploads are streamed and have no limit. @defaultValue '10mb' (about 40,000 rows of named features, 190,000 as arrays)
   */
  readonly maxJsonBody?: string;
  /**
   * Longest CSV record in characters (a line, or a quoted record over several lines); a longer one stops the
   * upload with a 413 instead of holding it in memory. @defaultValue DEFAULT_MAX_RECORD_SIZE (64 KB)
   */
  readonly maxCsvRecordSize?: number;
  /**
   * Lifetime of an upload's lease, renewed every fifth of it while the upload runs: when the process receiving an
   * upload dies, its batch is failed this long after (by the workers' sweep, or the next read of its status).
   * @defaultValue DEFAULT_UPLOAD_LEASE_MS (5000)
   */
  readonly uploadLeaseMs?: number;
}

/** What a client reads while Redis is away (no host or port: those are in the server's log). */
export const UNAVAILABLE_MESSAGE = 'batch scoring is unavailable: its Redis store cannot be reached right now; retry in a few seconds';

/** Default {@link BatchRouterOptions.maxJsonBody}. */
export const DEFAULT_MAX_JSON_BODY = '10mb';

// Not text/plain: a cross-site page can post that without a CORS preflight.
const CSV_TYPES = ['text/csv', 'application/csv', 'application/octet-stream'];

function checkBatchId(id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  if (!BATCH_ID_PATTERN.test(id)) throw new HttpError(400, `batch id "${id.slice(0, 120)}" is invalid; use 1-100 letters, digits, "_" or "-"`);
  return id;
}

function checkToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  if (!BATCH_TOKEN_PATTERN.test(token)) throw new HttpError(400, `the ${BATCH_TOKEN_HEADER} header must be 32-200 letters, digits, "_" or "-" (send the token the batch was created with, or none to get a new one)`);
  return token;
}

function pickFormat(req: Request): ResultsFormat {
  const format = typeof req.query.format === 'string' ? req.query.format.toLowerCase() : undefined;
  if (format === 'csv') return 'csv';
  if (format === 'jsonl' || format === 'ndjson' || format === 'json') return 'jsonl';
  if (format !== undefined) throw new HttpError(400, `format ${quoteText(format)} is not supported; use ?format=csv or ?format=jsonl`);
  const accepted = req.accepts(['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json']);
  return accepted === false || accepted === 'text/csv' ? 'csv' : 'jsonl';
}

/**
 * The batch routes, to mount at the app root: `app.use(createBatchRouter({ redis, queue }))`.
 * - `POST /v1/batches`: JSON `{"rows": [...], "batchId"?}` (rows are objects with the 11 features or
 *   arrays of 11 numbers), a `text/csv` body, or a multipart form with a CSV file. Optional client id
 *   (`Batch-Id` header, `batchId` field or query). Answers 202 with the batch id, status URL and the batch's
 *   token (`Batch-Token` header and `token`); a client may choose the token itself (`Batch-Token` request header).
 *   Resubmitting an id with its token returns the existing batch (200), or replaces it when it failed; with
 *   another token or none, 409.
 * - `GET /v1/batches/:id`: state, rows done/total, percent, failed rows with line numbers and reasons.
 * - `GET /v1/batches/:id/results`: CSV (default) or JSON lines (`Accept` or `?format=csv|jsonl`), in row order.
 * - `DELETE /v1/batches/:id`: cancel.
 * Reading and cancelling need the batch's token (`Batch-Token` header); without it or with another, 404, as for
 * an unknown batch. Errors are thrown as `HttpError` (400 bad input, 404 unknown batch, 409 not finished or id
 * taken, 503 Redis down).
 */
export function createBatchRouter(options: BatchRouterOptions): Router {
  const { redis, queue } = options;
  const space = options.space ?? DEFAULT_BATCH_SPACE;
  const deps: BatchProducerDeps = {
    redis,
    queue,
    space,
    chunkSize: options.chunkSize ?? 1000,
    ttlSeconds: options.ttlSeconds ?? 86_400,
    jobOptions: chunkJobOptions(options.retryPolicy ?? DEFAULT_RETRY_POLICY),
  };
  const redisUrl = `redis://${redis.options.host ?? '127.0.0.1'}:${redis.options.port ?? 6379}`;
  // The client learns that Redis is away and to retry; where Redis is (host, port) goes to the log only, with the
  // cause (logged with every 5xx) copied without the command's arguments, which hold the uploaded rows.
  const unavailable = (cause?: unknown): HttpError => {
    const logged = cause === undefined ? new Error(`Redis is ${redis.status}`) : redisErrorForLog(cause);
    logged.message = `${logged.message}; ${redisUnavailableMessage(redisUrl)}`;
    return new HttpError(503, UNAVAILABLE_MESSAGE, undefined, { cause: logged });
  };
  const maxJsonBody = options.maxJsonBody ?? DEFAULT_MAX_JSON_BODY;
  const csvLimits = { maxRecordSize: options.maxCsvRecordSize ?? DEFAULT_MAX_RECORD_SIZE };
  const jsonBody = express.json({ limit: maxJsonBody });
  const leaseMs = options.uploadLeaseMs ?? DEFAULT_UPLOAD_LEASE_MS;
  const router = Router();

  // The batch's metadata for its owner only: unknown, expired and someone else's look the same (404). An upload
  // whose lease lapsed and that no sweep has failed yet is failed here.
  const ownedMeta = async (req: Request, id: string): Promise<BatchMeta> => {
    try {
      let meta = await readBatchMeta(redis, space, id);
      if (meta === undefined || !tokenMatches(meta.ownerHash, req.get(BATCH_TOKEN_HEADER))) throw new HttpError(404, `no batch "${id}" (unknown, expired, or created with another ${BATCH_TOKEN_HEADER})`);
      if (meta.state === 'receiving' && (await failIfAbandoned(redis, space, id))) meta = (await readBatchMeta(redis, space, id)) ?? meta;
      return meta;
    } catch (error) {
      throw toHttpError(error, unavailable);
    }
  };

  // Fail fast: no Redis, no batches (the rest of the API keeps working).
  router.use('/v1/batches', (_req: Request, _res: Response, next: NextFunction) => {
    next(redis.status === 'ready' ? undefined : unavailable());
  });

  router.post('/v1/batches', async (req, res) => {
    const headerId = checkBatchId(req.get('batch-id') ?? (typeof req.query.batchId === 'string' ? req.query.batchId : undefined));
    const token = checkToken(req.get(BATCH_TOKEN_HEADER));
    const submitOptions = (batchId: string | undefined): SubmitOptions => ({ leaseMs, ...(token === undefined ? {} : { token }), ...(batchId === undefined ? {} : { batchId }) });
    let outcome: SubmitOutcome;
    try {
      if (req.is('application/json')) {
        await new Promise<void>((resolve, reject) => jsonBody(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
        const body: unknown = req.body;
        const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
        if (!Array.isArray(rows)) throw new HttpError(400, 'send {"rows": [...]} with one object (the 11 features) or one array of 11 numbers per wine');
        const bodyId = Array.isArray(body) ? undefined : (body as { batchId?: unknown }).batchId;
        if (bodyId !== undefined && typeof bodyId !== 'string') throw new HttpError(400, '"batchId" must be a string');
        const batchId = checkBatchId(headerId ?? bodyId);
        // Refused before a batch exists: describing such a row would overflow the stack.
        const tooDeep = firstTooDeepRow(rows);
        if (tooDeep >= 0) throw new HttpError(400, `row ${tooDeep} is nested more than ${MAX_JSON_ROW_DEPTH} levels deep; send each wine as an object of the 11 features or an array of 11 numbers`);
        outcome = await submitJsonRows(deps, rows, submitOptions(batchId));
      } else if (req.is('multipart/form-data')) {
        outcome = await submitMultipart(deps, req, submitOptions(headerId), checkBatchId, csvLimits);
      } else if (req.is(CSV_TYPES)) {
        outcome = await submitCsvStream(deps, req, submitOptions(headerId), csvLimits);
      } else {
        req.resume();
        const type = req.get('content-type')?.split(';')[0]?.trim().slice(0, 100);
        throw new HttpError(415, `send JSON (application/json), a CSV body (text/csv) or a multipart form with a CSV file${type ? `; ${type} is not accepted` : ''}`);
      }
    } catch (error) {
      req.resume();
      throw toHttpError(error, unavailable, maxJsonBody);
    }
    const status = await readStatus(outcome.batchId);
    res
      .status(outcome.created ? 202 : 200)
      .location(`/v1/batches/${outcome.batchId}`)
      .setHeader(BATCH_TOKEN_HEADER, outcome.token)
      .json({ ...status, duplicate: !outcome.created, token: outcome.token, statusUrl: `/v1/batches/${outcome.batchId}`, resultsUrl: `/v1/batches/${outcome.batchId}/results` });
  });

  const readStatus = async (id: string, meta?: BatchMeta, failedRowsLimit = 100) => {
    try {
      const known = meta ?? (await readBatchMeta(redis, space, id));
      if (known === undefined) throw new HttpError(404, `no batch "${id}" (unknown or expired)`);
      return await statusFromMeta(redis, space, id, known, failedRowsLimit);
    } catch (error) {
      throw toHttpError(error, unavailable);
    }
  };

  router.get('/v1/batches/:id', async (req, res) => {
    const id = checkBatchId(req.params.id)!;
    res.json(await readStatus(id, await ownedMeta(req, id)));
  });

  router.get('/v1/batches/:id/results', async (req, res) => {
    const id = checkBatchId(req.params.id)!;
    const format = pickFormat(req);
    const status = await readStatus(id, await ownedMeta(req, id), 0);
    if (status.state !== 'completed') {
      const detail = status.state === 'failed' || status.state === 'cancelled' ? `it is ${status.state}${status.error ? `: ${status.error}` : ''}` : `it is ${status.state} (${status.percent ?? 0}% done); poll GET /v1/batches/${id} until its state is "completed"`;
      throw new HttpError(409, `batch "${id}" has no results yet: ${detail}`, { state: status.state, percent: status.percent });
    }
    res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${id}.${format === 'csv' ? 'csv' : 'jsonl'}"`);
    try {
      for await (const piece of streamBatchResults(redis, space, id, { chunkCount: status.chunks.total ?? 0, chunkSize: status.chunkSize }, format)) {
        if (!res.write(piece)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      // Headers are gone: the client sees a truncated body, the server keeps running.
      res.destroy(error as Error);
    }
  });

  router.delete('/v1/batches/:id', async (req, res) => {
    const id = checkBatchId(req.params.id)!;
    const before = await readStatus(id, await ownedMeta(req, id), 0);
    if (before.state === 'completed') throw new HttpError(409, `batch "${id}" is already completed; nothing to cancel`);
    await cancelBatch(redis, space, id).catch((e: unknown) => Promise.reject(toHttpError(e, unavailable)));
    res.json(await readStatus(id));
  });

  return router;
}

function toHttpError(error: unknown, unavailable: (cause?: unknown) => HttpError, limit = DEFAULT_MAX_JSON_BODY): unknown {
  if (error instanceof HttpError) return error;
  if (error instanceof BatchInputError) return new HttpError(error.status, error.message);
  if (error instanceof UploadLostError) return new HttpError(409, error.message);
  // Malformed JSON is left to the app's error handler (400); only the size advice is specific to batches.
  const bodyError = error as { type?: string };
  if (bodyError.type === 'entity.too.large') return new HttpError(413, `the JSON body is larger than ${limit}; use a CSV upload for bigger batches (text/csv body or multipart form: it is streamed, with no size limit)`);
  if (isRedisUnavailableError(error)) return unavailable(error);
  return error;
}
