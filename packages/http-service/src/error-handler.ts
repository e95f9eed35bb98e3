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
 * - {@link HttpError}: its status, `{"error": message, ...details}`;
 * - malformed JSON: 400 `{"error": "request body is not valid JSON: ..."}`;
 * - a body over the size limit: 413 with the limit in the message;
 * - anything else: 500 `{"error": "internal error", "requestId": "..."}`, logged with its stack for us, not the caller.
 */
export function createErrorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    // #region solution step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      // A 5xx is our fault: keep its cause in the log, where we can see it and the caller cannot.
      if (err.status >= 500) req.log?.error({ err: err.cause ?? err }, err.message);
      res.status(err.status).json({ error: err.message, ...err.details });
      return;
    }
    const parserError = err as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      res.status(400).json({ error: `request body is not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (parserError.type === 'entity.too.large') {
      res.status(413).json({ error: `request body is larger than the limit of ${parserError.limit} bytes; send fewer rows per request` });
      return;
    }
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ error: (err as Error).message });
      return;
    }
    req.log?.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'internal error', requestId: req.id });
    // #endregion solution
  };
}
