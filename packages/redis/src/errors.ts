// The errors of @mlops/redis: named classes with a stable `code`.

/** A MULTI that Redis did not run (`EXEC` answered null: a key under `WATCH` changed first). Safe to retry. */
export class TransactionAbortedError extends Error {
  readonly code = 'REDIS_TRANSACTION_ABORTED';
  constructor(message = 'the Redis transaction was aborted (a watched key changed); nothing was written', options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransactionAbortedError';
  }
}
