// The errors of @mlops/batch: one small hierarchy, each class with a stable `code` and the `cause` passed through.

/** What every {@link BatchError} says in its `code`. */
export type BatchErrorCode = 'BATCH_INPUT' | 'INVALID_CHUNK' | 'CHUNK_CODEC' | 'SCORER_OUTPUT' | 'RESULTS_MISSING' | 'UPLOAD_ABORTED' | 'UPLOAD_LOST';

/** Base class of the errors this package throws; switch on `code`, not on the message. */
export abstract class BatchError extends Error {
  abstract readonly code: BatchErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // The subclass's own name (BatchInputError, ...), so logs and stack traces say which error it is.
    this.name = new.target.name;
  }
}

/** An upload that cannot become a batch (no rows, bad header, unreadable form). `status` is the HTTP status to answer. */
export class BatchInputError extends BatchError {
  readonly code = 'BATCH_INPUT';
  constructor(
    message: string,
    readonly status = 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A chunk that can never be processed (its input is missing or corrupt). The retry policy turns it
 * into BullMQ's `UnrecoverableError`, so the job fails at once instead of retrying.
 */
export class InvalidChunkError extends BatchError {
  readonly code = 'INVALID_CHUNK';
}

/** Bytes read from Redis that do not have the layout of chunk rows or results. */
export class ChunkCodecError extends BatchError {
  readonly code = 'CHUNK_CODEC';
}

/** A scorer that returned the wrong number of probabilities for the rows it was given (a model bug, not a bad row). */
export class ScorerOutputError extends BatchError {
  readonly code = 'SCORER_OUTPUT';
}

/** Results asked for a chunk that has none yet: the batch is not complete (or expired while being read). */
export class ResultsMissingError extends BatchError {
  readonly code = 'RESULTS_MISSING';
}

/** The connection of an upload closed before it was complete (the client went away, or the server stopped); the batch is marked failed at once. */
export class UploadAbortedError extends BatchError {
  readonly code = 'UPLOAD_ABORTED';
}

/** The batch stopped receiving while its upload ran (cancelled, or failed by the sweep after its lease lapsed). */
export class UploadLostError extends BatchError {
  readonly code = 'UPLOAD_LOST';
}
