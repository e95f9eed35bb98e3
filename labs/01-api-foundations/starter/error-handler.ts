// The one error middleware: every error becomes a JSON `{"error": "..."}` with the right status, never a stack trace.

import type { ErrorRequestHandler } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** Shape of the errors Express' body parser raises (`type` and `status` are set by the `http-errors` package). */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Express error middleware. Mount it last. It answers:
 * - {@link HttpError}: its status, `{"error": message, ...details}`; a 5xx one is also logged (with its cause);
 * - malformed JSON: 400 `{"error": "request body is not valid JSON: ..."}`;
 * - a body over the size limit: 413 with the limit in the message;
 * - another error with a 4xx `status` (body-parser's 415 for an unsupported charset, say): that status and its message;
 * - anything else: 500 `{"error": "internal error", "requestId": "..."}`, logged with its stack for us, not the caller.
 *
 * It also works in an app without `requestContext` (`createServingApp` of @mlops/serving): `req.log` and `req.id` are then undefined.
 */
export function createErrorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    // A response that has started cannot be replaced: Express' own handler closes the connection.
    if (res.headersSent) return next(err);
    // TODO step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON
    throw notImplemented('src/error-handler.ts', 'step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON');
  };
}
