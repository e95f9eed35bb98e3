// The errors of the retrainer app: named classes with a stable `code`.

/** A bad environment variable; the message names the variable and what is expected. */
export class RetrainerConfigError extends Error {
  readonly code = 'RETRAINER_CONFIG';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainerConfigError';
  }
}
