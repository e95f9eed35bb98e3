// The error a chunk raises when it can never be processed, whatever the number of retries.

/**
 * A chunk that can never be processed (its input is missing or corrupt). The retry policy turns it
 * into BullMQ's `UnrecoverableError`, so the job fails at once instead of retrying.
 */
export class InvalidChunkError extends Error {
  override readonly name = 'InvalidChunkError';
  readonly code = 'INVALID_CHUNK';
}
