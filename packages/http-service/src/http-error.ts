// HttpError: the one error type routes throw to answer with a status and a JSON `{"error": "..."}` body.

/**
 * An error that becomes an HTTP response: the error middleware answers `status` with
 * `{"error": message, ...details}`. Throw it (or pass it to `next`) from any route.
 *
 * @example throw new HttpError(404, 'no model named "wine"; known models: wine-quality');
 */
export class HttpError extends Error {
  /** HTTP status code, 4xx for the caller's mistakes, 5xx for ours. */
  readonly status: number;
  /** Extra JSON fields merged into the response body, e.g. `{ issues: [...] }`. */
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HttpError';
    this.status = status;
    this.details = details;
  }
}
