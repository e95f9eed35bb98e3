// 404 for unknown routes, as JSON like every other error.

import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/** Middleware mounted after every route: answers 404 `{"error": "no route for GET /x"}`. */
export function notFound(): RequestHandler {
  return (req, _res, next) => next(new HttpError(404, `no route for ${req.method} ${req.path}; try GET /healthz`));
}
