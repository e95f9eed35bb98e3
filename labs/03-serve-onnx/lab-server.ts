// Lab 03's v2 server: @mlops/serving's registry, health/metadata routes and error contract around YOUR infer handler and micro-batcher.

import express, { type Express, type Router } from 'express';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { HttpError } from '@mlops/http-service/http-error';
import { notFound } from '@mlops/http-service/not-found';
import { isNotImplementedError } from '@mlops/lab-kit/runtime';
import {
  createMetadataRouter,
  DEFAULT_INFER_BODY_LIMIT,
  DEFAULT_MAX_ROWS_PER_REQUEST,
  findModel,
  inferResponseToJson,
  modelParams,
  scoringError,
  type LoadedModel,
  type MicroBatchOptions,
  type ModelRegistry,
  type ScoringLog,
} from '@mlops/serving';

type InferHandler = typeof import('./starter/infer-handler');
type Batching = typeof import('./starter/micro-batcher');

/** The learner's modules the server runs (loaded with importLabModule, or `@lab/*` in tests). */
export interface LearnerCode {
  /** `src/infer-handler.ts`: steps 1-3. */
  readonly handler: Pick<InferHandler, 'parseInferRequest' | 'buildInferResponse'>;
  /** `src/micro-batcher.ts`: steps 4-5. */
  readonly batching: Pick<Batching, 'MicroBatcher' | 'BatcherClosedError'>;
}

/** Options of {@link createLabServingApp}. */
export interface LabServingOptions {
  readonly registry: ModelRegistry;
  readonly learner: LearnerCode;
  /** Options of the learner's MicroBatcher, or `false` to score each request on its own. @defaultValue `{}` */
  readonly batching?: MicroBatchOptions | false;
  /** @defaultValue 1024 */
  readonly maxRowsPerRequest?: number;
}

/**
 * A stand-alone v2 app like `createServingApp` of @mlops/serving, except that the infer route is YOUR code
 * on every path: the body is parsed as plain JSON (no fast path), so flat and nested `data` both go through
 * your `parseInferRequest` / `readTensorData`; each model's requests go through your `MicroBatcher`; your
 * `buildInferResponse` writes the answer. A step you have not done yet answers 500 with its
 * "step N is not done yet: open ..." message.
 */
export function createLabServingApp(opts: LabServingOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createMetadataRouter({ registry: opts.registry }));
  app.use(createLabInferRouter(opts));
  app.use(notFound());
  app.use(createErrorHandler());
  return app;
}

/** `POST /v2/models/:name[/versions/:version]/infer` with the learner's code. */
function createLabInferRouter(opts: LabServingOptions): Router {
  const { registry } = opts;
  const { handler, batching: { MicroBatcher, BatcherClosedError } } = opts.learner;
  const limits = { maxRows: opts.maxRowsPerRequest ?? DEFAULT_MAX_ROWS_PER_REQUEST };
  const batching = opts.batching ?? {};
  const batchers = new Map<LoadedModel, InstanceType<typeof MicroBatcher>>();
  registry.onClose(async () => {
    await Promise.all([...batchers.values()].map((b) => b.close()));
  });

  const score = (model: LoadedModel, features: Float32Array, rows: number): Promise<Float32Array> => {
    if (batching === false) return model.score(features, rows);
    let batcher = batchers.get(model);
    if (!batcher) {
      const { inputWidth, outputWidth } = model.signature;
      batcher = new MicroBatcher((x, n) => model.score(x, n), { ...batching, inputWidth, outputWidth });
      batchers.set(model, batcher);
    }
    return batcher.submit(features, rows);
  };

  const router = express.Router();
  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.post(`${base}/infer`, express.json({ limit: DEFAULT_INFER_BODY_LIMIT }), async (req, res) => {
      const { name, version } = modelParams(req);
      const model = findModel(registry, name, version);
      if (req.body === undefined) throw new HttpError(400, 'send a JSON body with Content-Type: application/json');
      const request = learnerStep(() => handler.parseInferRequest(req.body, model.signature, limits));
      let probabilities: Float32Array;
      try {
        probabilities = await score(model, request.features, request.rowCount);
      } catch (error) {
        if (isNotImplementedError(error)) throw unfinishedStep(error);
        if (error instanceof BatcherClosedError) throw new HttpError(503, error.message);
        throw scoringError(error, model, request.rowCount, (req as { log?: ScoringLog }).log);
      }
      const response = learnerStep(() => handler.buildInferResponse(model, request, probabilities));
      res.type('application/json').send(inferResponseToJson(response));
    });
  }
  return router;
}

/** Runs a step of the learner's code; an unfinished step becomes a 500 that shows its message. */
function learnerStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw isNotImplementedError(error) ? unfinishedStep(error) : error;
  }
}

/** "step N is not done yet: open ..." is meant for the learner: answer it, not a generic 500. */
function unfinishedStep(error: Error): HttpError {
  return new HttpError(500, error.message, undefined, { cause: error });
}
