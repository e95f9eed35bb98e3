// createInferenceRouter: the Open Inference Protocol v2 REST routes (health, metadata, ready, infer) over a ModelRegistry.

import express, { type RequestHandler, type Router } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import { findModel, modelParams } from './find-model';
import { buildInferResponse, parseInferRequest } from './infer-handler';
import { parseInferBody } from './infer-body';
import { binaryOutputs, inferResponseToBinary, INFERENCE_HEADER_CONTENT_LENGTH, parseBinaryInferBody } from './infer-binary';
import { inferResponseToJson } from './infer-response-json';
import type { LoadedModel } from './load-model';
import { createMetadataRouter } from './metadata-router';
import { MicroBatcher, type MicroBatchOptions, type ScoreFn } from './micro-batcher';
import type { ModelRegistry } from './model-registry';
import { scoringError, type ScoringLog } from './scoring-error';
import type { ServerInfo } from './v2-metadata';

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
}

/** Default {@link InferenceRouterOptions.maxRowsPerRequest}. */
export const DEFAULT_MAX_ROWS_PER_REQUEST = 1024;

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
  const { registry } = opts;
  const limits = { maxRows: opts.maxRowsPerRequest ?? DEFAULT_MAX_ROWS_PER_REQUEST };
  const batching = opts.batching === undefined ? {} : opts.batching;
  const batchers = new Map<LoadedModel, MicroBatcher>();
  registry.onClose(async () => {
    await Promise.all([...batchers.values()].map((b) => b.close()));
  });

  const scorerFor = (model: LoadedModel): ScoreFn => {
    if (batching === false) return (x, n) => model.score(x, n);
    let batcher = batchers.get(model);
    if (!batcher) {
      const { inputWidth, outputWidth } = model.signature;
      batcher = new MicroBatcher((x, n) => model.score(x, n), { ...batching, inputWidth, outputWidth });
      batchers.set(model, batcher);
    }
    const b = batcher;
    return (x, n) => b.submit(x, n);
  };

  const rawJson = express.raw({ type: 'application/json', limit: opts.bodyLimit ?? DEFAULT_INFER_BODY_LIMIT });
  // A binary request (Inference-Header-Content-Length) is read raw whatever its Content-Type, same limit.
  const rawAny = express.raw({ type: () => true, limit: opts.bodyLimit ?? DEFAULT_INFER_BODY_LIMIT });
  const rawBody: RequestHandler = (req, res, next) => (req.get(INFERENCE_HEADER_CONTENT_LENGTH) === undefined ? rawJson : rawAny)(req, res, next);
  const router = express.Router();
  router.use(createMetadataRouter({ registry, server: opts.server }));
  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.post(`${base}/infer`, rawBody, async (req, res) => {
      const { name, version } = modelParams(req);
      const model = findModel(registry, name, version);
      if (req.body === undefined) throw new HttpError(400, 'send a JSON body with Content-Type: application/json');
      const headerLength = req.get(INFERENCE_HEADER_CONTENT_LENGTH);
      let body: unknown;
      if (headerLength !== undefined) {
        if (!Buffer.isBuffer(req.body)) throw new HttpError(400, `a request with ${INFERENCE_HEADER_CONTENT_LENGTH} needs its raw body; this app parsed it before the infer route`);
        body = parseBinaryInferBody(req.body, headerLength, model.signature, limits);
      } else {
        // Raw bytes from rawJson get the fast parser; a body an app-wide express.json() already parsed is used as is.
        body = Buffer.isBuffer(req.body) ? parseInferBody(req.body) : req.body;
      }
      const request = parseInferRequest(body, model.signature, limits);
      const binary = binaryOutputs(body);
      let probabilities: Float32Array;
      try {
        probabilities = await scorerFor(model)(request.features, request.rowCount);
      } catch (error) {
        throw scoringError(error, model, request.rowCount, (req as { log?: ScoringLog }).log);
      }
      const response = buildInferResponse(model, request, probabilities);
      const binaryResponse = binary.all || binary.own.size > 0 ? inferResponseToBinary(response, binary) : undefined;
      if (binaryResponse === undefined) {
        res.type('application/json').send(inferResponseToJson(response, { shortestFloat32: true }));
        return;
      }
      res.set(INFERENCE_HEADER_CONTENT_LENGTH, String(binaryResponse.headerLength));
      res.type('application/octet-stream').send(binaryResponse.body);
    });
  }
  return router;
}
