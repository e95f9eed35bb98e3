// The Express app factory: middleware order, routes, 404 and the error handler in one readable place.

import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { createErrorHandler } from './error-handler';
import { createHealthRouter } from '@mlops/http-service/health-route';
import { notFound } from '@mlops/http-service/not-found';
import { createPredictRouter } from './predict-route';
import type { Predictor } from '@mlops/http-service/predictor';
import { requestContext } from '@mlops/http-service/request-context';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** What the app needs. */
export interface AppDeps {
  /** Structured logger; use `createLogger({ level: 'silent' })` in tests. */
  logger: Logger;
  /** Model behind `/v1/predict`, reported by `/healthz` (apps/api: the ONNX model of the registry). */
  predictor: Predictor;
  /** Largest JSON body `/v1/predict` accepts. @defaultValue `'1mb'` */
  bodyLimit?: string | number;
  /**
   * More routers (v2 inference, batches, metrics), mounted after the built-in routes and before the 404.
   * Each parses its own request bodies, with limits that suit it (a CSV upload is not a JSON request).
   */
  routers?: readonly Router[];
}

/**
 * Builds the API without listening, so tests drive it in-process with supertest and `main.ts` only listens.
 * Middleware runs in the order it is added: the request context first (every log line has an id), then
 * the routes, the 404 and last the error handler.
 *
 * @example
 * const app = createApp({ logger: createLogger({ level: 'silent' }), predictor });
 * await request(app).get('/healthz').expect(200);
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // TODO step 4: add the request context, the routes, then the 404 and the error handler
  throw notImplemented('src/create-app.ts', 'step 4: add the request context, the routes, then the 404 and the error handler');
  return app;
}
