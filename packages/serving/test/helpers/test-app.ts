// Test-only Express app: mounts a router with a minimal error handler (HttpError and body-parser errors as JSON).

import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { HttpError } from '@mlops/http-service/http-error';

/** Renders HttpError as `{"error"}` with its status, body-parser errors as 400/413, anything else as 500. */
const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message, ...err.details });
    return;
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: status === 413 ? 'request body too large' : 'malformed JSON body' });
    return;
  }
  res.status(500).json({ error: 'internal error' });
};

/** An app with `router` mounted at `/` and the error handler above. */
export function createTestApp(router: Router): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'no such route' });
  });
  app.use(errorHandler);
  return app;
}
