// scoringError: what the caller of an infer route gets when scoring fails (503 while shutting down, else a 500 that hides the cause).

import { HttpError } from '@mlops/http-service/http-error';
import type { LoadedModel } from './load-model';
import { BatcherClosedError } from './micro-batcher';

/** The request logger an app may attach (pino-http's `req.log`). */
export interface ScoringLog {
  error(obj: object, msg: string): void;
}

/**
 * Turns an error from scoring `rows` rows with `model` into the HttpError to answer with: 503 with the
 * batcher's message when it is closed (the server is shutting down); otherwise a 500
 * `model "<name>" failed to score the request`, whose cause (the real error) stays in the server log:
 * `log` gets a line naming the model, version, rows and the cause's message.
 */
export function scoringError(error: unknown, model: LoadedModel, rows: number, log?: ScoringLog): HttpError {
  if (error instanceof BatcherClosedError) return new HttpError(503, error.message);
  const reason = error instanceof Error ? error.message : String(error);
  log?.error(
    { err: error, model: model.name, version: model.version, rows },
    `model "${model.name}" version ${model.version} failed to score ${rows} rows: ${reason}`,
  );
  return new HttpError(500, `model "${model.name}" failed to score the request`, undefined, { cause: error });
}
