// createServingApp: a stand-alone Express app around the v2 router, with the house 404 and error handler.

import express, { type Express } from 'express';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { notFound } from '@mlops/http-service/not-found';
// Brings in pino-http's typing of req.log and req.id, which the error handler uses.
import type {} from '@mlops/http-service/request-context';
import { createInferenceRouter, type InferenceRouterOptions } from './inference-router';

/**
 * An app that only serves the Open Inference Protocol v2 (no /v1 routes): the router, then a JSON 404
 * and `createErrorHandler()` from `@mlops/http-service`. apps/api mounts the router in its own app instead.
 * @example const app = createServingApp({ registry: await ModelRegistry.open({ repository, models: [{ name: 'wine-quality' }] }) });
 */
export function createServingApp(opts: InferenceRouterOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createInferenceRouter(opts));
  app.use(notFound());
  app.use(createErrorHandler());
  return app;
}
