// The one error middleware: every error becomes a JSON `{"error": "..."}` with the right status, never a stack trace.

import type { ErrorRequestHandler } from 'express';
import { HttpError } from './http-error';

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
    // #region solution step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON
    if (err instanceof HttpError) {
      // A 5xx is our fault: keep it (and its cause) in the log, where we can see it and the caller cannot.
      if (err.status >= 500) req.log?.error({ err }, err.message);
      res.status(err.status).json({ error: err.message, ...err.details });
      return;
    }
    // An error without a status is ours: a 500.
    const { type, status = 500, limit } = err as BodyParserError;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: `request body is not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: `request body is larger than the limit of ${limit} bytes: send a smaller body (for predictions, fewer rows per request)` });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: (err as Error).message });
      return;
    }
    req.log?.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'internal error', requestId: req.id });
    // #endregion solution
  };
}
