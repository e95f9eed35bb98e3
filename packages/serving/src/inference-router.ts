// createInferenceRouter: the Open Inference Protocol v2 REST routes (health, metadata, ready, infer) over a ModelRegistry.

import express, { type Router } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import { findModel, modelParams } from './find-model';
import { buildInferResponse, parseInferRequest } from './infer-handler';
import { parseInferBody } from './infer-body';
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
  const router = express.Router();
  router.use(createMetadataRouter({ registry, server: opts.server }));
  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.post(`${base}/infer`, rawJson, async (req, res) => {
      const { name, version } = modelParams(req);
      const model = findModel(registry, name, version);
      if (req.body === undefined) throw new HttpError(400, 'send a JSON body with Content-Type: application/json');
      // Raw bytes from rawJson get the fast parser; a body an app-wide express.json() already parsed is used as is.
      const body: unknown = Buffer.isBuffer(req.body) ? parseInferBody(req.body) : req.body;
      const request = parseInferRequest(body, model.signature, limits);
      let probabilities: Float32Array;
      try {
        probabilities = await scorerFor(model)(request.features, request.rowCount);
      } catch (error) {
        throw scoringError(error, model, request.rowCount, (req as { log?: ScoringLog }).log);
      }
      res.type('application/json').send(inferResponseToJson(buildInferResponse(model, request, probabilities), { shortestFloat32: true }));
    });
  }
  return router;
}
