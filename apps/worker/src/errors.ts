// The errors of the worker app: named classes with a stable `code`.

/** A bad environment variable; the message names the variable and what is expected. */
export class WorkerConfigError extends Error {
  readonly code = 'WORKER_CONFIG';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkerConfigError';
  }
}
