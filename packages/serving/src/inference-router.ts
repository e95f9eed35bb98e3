// createInferenceRouter: the Open Inference Protocol v2 REST routes (health, metadata, ready, infer) over a ModelRegistry.

import { performance } from 'node:perf_hooks';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { modelParams } from './find-model';
import { INFERENCE_HEADER_CONTENT_LENGTH } from './infer-binary';
import { InferenceCore } from './inference-core';
import type { InferenceObserver } from './inference-observer';
import { createMetadataRouter } from './metadata-router';
import type { MicroBatchOptions } from './micro-batcher';
import type { ModelRegistry } from './model-registry';
import type { ScoringLog } from './scoring-error';
import { SERVING_EXTENSIONS, type ServerInfo } from './v2-metadata';

/** Options of {@link createInferenceRouter}. */
export interface InferenceRouterOptions {
  readonly registry: ModelRegistry;
  /** Dynamic micro-batching per model, or `false` to run each request on its own. @defaultValue `{}` (on, defaults) */
  readonly batching?: MicroBatchOptions | false;
  /** Most rows in one infer request; more is answered 413. @defaultValue 1024 */
  readonly maxRowsPerRequest?: number;
  /** Largest JSON body the infer route parses (body-parser syntax). @defaultValue '1mb' (1,024 rows of 17-digit numbers are about 230 kB) */
  readonly bodyLimit?: string;
  /** Name and version reported by `GET /v2`. */
  readonly server?: ServerInfo;
  /** Instrumentation of infer requests, runs and scored rows (see {@link InferenceObserver}); a throwing callback never fails a request. */
  readonly observer?: InferenceObserver;
  /** Told about the first failure of each observer callback. @defaultValue a process warning */
  readonly onObserverError?: (error: unknown, callback: string) => void;
}

/** Default {@link InferenceRouterOptions.bodyLimit}. */
export const DEFAULT_INFER_BODY_LIMIT = '1mb';

/**
 * Express router for the Open Inference Protocol v2 (mount at `/`): the routes of
 * {@link createMetadataRouter} plus `POST /v2/models/:name[/versions/:version]/infer`. Errors are thrown
 * as `HttpError` for the app's error middleware to render as `{"error": "..."}`.
 *
 * The infer route reads the raw body with {@link parseInferBody} (flat numeric data goes straight into a
 * Float32Array), checks it with {@link parseInferRequest}, scores it through one {@link MicroBatcher} per
 * model (closed by `registry.close()`) and answers with {@link buildInferResponse}, FP32 values in their shortest
 * float32 text ({@link inferResponseToJson} with `shortestFloat32`).
 *
 * The binary tensor data extension (Triton, KServe): with an `Inference-Header-Content-Length: n` request
 * header the first n bytes are the JSON header and inputs with `"parameters": {"binary_data_size"}` take
 * their little-endian bytes from the rest ({@link parseBinaryInferBody}); outputs asked for with
 * `"parameters": {"binary_data": true}` (or the request's `"binary_data_output": true`) come back as bytes
 * after a JSON header ({@link inferResponseToBinary}), with the same response header and
 * `Content-Type: application/octet-stream`. Binary outputs may be asked for by JSON requests too.
 */
export function createInferenceRouter(opts: InferenceRouterOptions): Router {
  return createInferenceRouterOn(new InferenceCore(opts), opts);
}

/**
 * The router of {@link createInferenceRouter} around an existing {@link InferenceCore}, so the data plane
 * (`createInferencePlane`) and its Express fallback share one core: the same micro-batchers and observer.
 */
export function createInferenceRouterOn(core: InferenceCore, opts: Pick<InferenceRouterOptions, 'bodyLimit' | 'server'> = {}): Router {
  const limit = opts.bodyLimit ?? DEFAULT_INFER_BODY_LIMIT;
  const rawJson = express.raw({ type: 'application/json', limit });
  // A binary request (Inference-Header-Content-Length) is read raw whatever its Content-Type, same limit.
  const rawAny = express.raw({ type: () => true, limit });
  const rawBody: RequestHandler = (req, res, next) => (req.get(INFERENCE_HEADER_CONTENT_LENGTH) === undefined ? rawJson : rawAny)(req, res, next);
  const router = express.Router();
  router.use(createMetadataRouter({ registry: core.registry, server: opts.server, extensions: SERVING_EXTENSIONS }));
  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.post(`${base}/infer`, rawBody, async (req, res) => {
      const { name, version } = modelParams(req);
      const answer = await core.infer({
        name,
        version,
        body: req.body,
        headerLength: req.get(INFERENCE_HEADER_CONTENT_LENGTH),
        started: performance.now(),
        log: (req as { log?: ScoringLog }).log,
        requestId: requestIdOf(req),
      });
      if (answer.headerLength !== undefined) res.set(INFERENCE_HEADER_CONTENT_LENGTH, String(answer.headerLength));
      res.type(answer.contentType).send(answer.body);
    });
  }
  return router;
}

/** The request id `requestContext` gave the request, else its well-formed `x-request-id` header. */
function requestIdOf(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id;
  if (typeof id === 'string' && id !== '') return id;
  const header = req.get('x-request-id');
  return header === undefined || header === '' || header.length > 200 ? undefined : header;
}
