// The API's metrics: one registry, HTTP RED for the data plane and the Express routes, inference, model_info, /metrics.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Router } from 'express';
import {
  createHttpMetrics,
  createInferenceMetricsObserver,
  createMetricsRegistry,
  createModelInfo,
  httpMetricsMiddleware,
  metricsHandler,
  type ModelIdentity,
  type Registry,
} from '@mlops/metrics';
import type { InferenceObserver } from '@mlops/serving';

/** The metrics of one API process. */
export interface ApiMetrics {
  readonly registry: Registry;
  /** For the data plane: inference events, and the HTTP metrics of the requests it answers (onResponse). */
  readonly observer: InferenceObserver;
  /** Wraps the Express app: every request it answers is recorded (route template, status class, seconds). */
  instrument(app: RequestListener): RequestListener;
  /** `GET /metrics`, to mount in the Express app. */
  readonly router: Router;
  /** Sets `model_info` to the models served. */
  setModels(models: readonly ModelIdentity[]): void;
}

/**
 * Creates the API's registry (default process metrics included) and its instrumentation. The data plane
 * answers v2 requests without Express, so they are recorded through the observer's `onResponse`; the Express
 * app's requests through {@link ApiMetrics.instrument}: each request is recorded once.
 */
export function createApiMetrics(): ApiMetrics {
  const registry = createMetricsRegistry();
  const http = createHttpMetrics(registry);
  const observer = createInferenceMetricsObserver(registry, http);
  const modelInfo = createModelInfo(registry);
  const middleware = httpMetricsMiddleware(http);
  const router = Router();
  router.get('/metrics', metricsHandler(registry));
  return {
    registry,
    observer,
    instrument: (app) => (req: IncomingMessage, res: ServerResponse) => middleware(req, res, () => app(req, res)),
    router,
    setModels: (models) => modelInfo.set(models),
  };
}

/**
 * One observer that calls each of `observers` in turn (metrics and live drift side by side). The data plane
 * guards the combined observer: a callback that throws does not fail the request.
 */
export function combineObservers(...observers: readonly (InferenceObserver | undefined)[]): InferenceObserver | undefined {
  const present = observers.filter((o): o is InferenceObserver => o !== undefined);
  if (present.length <= 1) return present[0];
  const combined: InferenceObserver = {};
  for (const name of ['onResponse', 'onInfer', 'onRun', 'onScored'] as const) {
    const callbacks = present.filter((o) => typeof o[name] === 'function');
    if (callbacks.length === 0) continue;
    (combined as Record<string, (e: unknown) => void>)[name] = (e: unknown) => {
      for (const o of callbacks) (o[name] as (e: unknown) => void).call(o, e);
    };
  }
  return combined;
}
