// createServingApp / createServingHandler: a stand-alone v2 server (Express app, or the data plane in front of it) with the house 404 and error handler.

import type { RequestListener } from 'node:http';
import express, { type Express, type Router } from 'express';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { notFound } from '@mlops/http-service/not-found';
// Brings in pino-http's typing of req.log and req.id, which the error handler uses.
import type {} from '@mlops/http-service/request-context';
import { createInferencePlane, type InferencePlaneOptions } from './inference-plane';
import { createInferenceRouter, type InferenceRouterOptions } from './inference-router';

/**
 * An app that only serves the Open Inference Protocol v2 (no /v1 routes): the router, then a JSON 404
 * and `createErrorHandler()` from `@mlops/http-service`. apps/api mounts the router in its own app instead.
 * @example const app = createServingApp({ registry: await ModelRegistry.open({ repository, models: [{ name: 'wine-quality' }] }) });
 */
export function createServingApp(opts: InferenceRouterOptions): Express {
  return appAround(createInferenceRouter(opts));
}

/**
 * The stand-alone v2 server as a `node:http` request listener: the data plane (`createInferencePlane`) in
 * front of the app of {@link createServingApp}, which answers what the plane hands over (and the 404s).
 * @example http.createServer(createServingHandler({ registry, logger })).listen(8083);
 */
export function createServingHandler(opts: InferencePlaneOptions): RequestListener {
  const plane = createInferencePlane(opts);
  return plane.handler(appAround(plane.router));
}

function appAround(router: Router): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  app.use(notFound());
  app.use(createErrorHandler());
  return app;
}
