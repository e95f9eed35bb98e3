// Lab 05's API: @mlops/serving's v2 data plane and a small Express app, measured by YOUR metrics code.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express from 'express';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { HttpError } from '@mlops/http-service/http-error';
import { notFound } from '@mlops/http-service/not-found';
import { createMetricsRegistry, createModelInfo, metricsHandler, type Registry } from '@mlops/metrics';
import { createInferencePlane, type MicroBatchOptions, type ModelRegistry } from '@mlops/serving';

type HttpMetricsModule = typeof import('./starter/http-metrics');
type MiddlewareModule = typeof import('./starter/http-middleware');
type InferenceModule = typeof import('./starter/inference-metrics');

/** The learner's modules the server runs (loaded with importLabModule, or `@lab/*` in tests). */
export interface LearnerCode {
  /** `src/http-metrics.ts`: step 1. */
  readonly httpMetrics: Pick<HttpMetricsModule, 'createHttpMetrics'>;
  /** `src/http-middleware.ts`: step 3 (with your step 2 inside). */
  readonly middleware: Pick<MiddlewareModule, 'httpMetricsMiddleware'>;
  /** `src/inference-metrics.ts`: steps 4 and 5. */
  readonly inference: Pick<InferenceModule, 'createInferenceMetricsObserver'>;
}

/** Options of {@link createLabApi}. */
export interface LabApiOptions {
  readonly models: ModelRegistry;
  readonly learner: LearnerCode;
  /** Micro-batching of the v2 infer route, or `false`. @defaultValue `{}` (on) */
  readonly batching?: MicroBatchOptions | false;
}

/** The lab API: a request listener and the registry behind its `GET /metrics`. */
export interface LabApi {
  readonly listener: RequestListener;
  readonly metrics: Registry;
}

/**
 * The API the lab runs, built like apps/api: the v2 routes on the data plane of @mlops/serving, whose observer
 * is YOUR `createInferenceMetricsObserver` (so its `onResponse` records the plane's requests with your HTTP
 * metrics), and an Express app wrapped by YOUR middleware: `GET /metrics`, `GET /healthz`, `GET /lab/fail`
 * (always 500: traffic for your alert) and the 404.
 */
export function createLabApi(opts: LabApiOptions): LabApi {
  const metrics = createMetricsRegistry();
  const http = opts.learner.httpMetrics.createHttpMetrics(metrics);
  const observer = opts.learner.inference.createInferenceMetricsObserver(metrics, http);
  const model = opts.models.get('wine-quality');
  if (model) createModelInfo(metrics).set([{ name: model.name, version: model.version, sha256: model.manifest.sha256 }]);
  const plane = createInferencePlane({ registry: opts.models, batching: opts.batching ?? {}, observer });

  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/lab/fail', () => {
    throw new HttpError(500, 'this route always fails: it is there to make your alert fire');
  });
  app.use(plane.router);
  app.use(notFound());
  app.use(createErrorHandler());

  const middleware = opts.learner.middleware.httpMetricsMiddleware(http);
  const measured = (req: IncomingMessage, res: ServerResponse) => middleware(req, res, () => app(req, res));
  return { listener: plane.handler(measured), metrics };
}
