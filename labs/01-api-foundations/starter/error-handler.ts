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
 * - {@link HttpError}: its status, `{"error": message, ...details}`;
 * - malformed JSON: 400 `{"error": "request body is not valid JSON: ..."}`;
 * - a body over the size limit: 413 with the limit in the message;
 * - anything else: 500 `{"error": "internal error", "requestId": "..."}`, logged with its stack for us, not the caller.
 */
export function createErrorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    // TODO step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON
    throw notImplemented('src/error-handler.ts', 'step 3: map HttpError, bad JSON (400), too large (413) and anything else (500) to JSON');
  };
}
