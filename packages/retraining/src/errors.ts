// Named errors of @mlops/retraining, each with a stable `code`.

/** Stable error codes of the retraining package. */
export type RetrainingErrorCode = 'INVALID_RETRAIN_JOB' | 'TRAINING_DATA' | 'NO_PRODUCTION_MODEL';

/** Base class of the retraining errors. */
export class RetrainingError extends Error {
  readonly code: RetrainingErrorCode;
  constructor(code: RetrainingErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainingError';
    this.code = code;
  }
}

/** Job data that does not match the retrain job's schema (retrying cannot help). */
export class InvalidRetrainJobError extends RetrainingError {
  constructor(problem: string) {
    super('INVALID_RETRAIN_JOB', `invalid retrain job: ${problem}`);
    this.name = 'InvalidRetrainJobError';
  }
}

/** A training data file that cannot be read or has no usable rows. */
export class TrainingDataError extends RetrainingError {
  constructor(path: string, problem: string, options?: ErrorOptions) {
    super('TRAINING_DATA', `training data ${path}: ${problem}`, options);
    this.name = 'TrainingDataError';
  }
}

/** The model has no version to compare a candidate with (nothing to retrain against). */
export class NoProductionModelError extends RetrainingError {
  constructor(name: string, options?: ErrorOptions) {
    super('NO_PRODUCTION_MODEL', `model "${name}" has no production version (nor any version) to compare a retrained candidate with; train and promote a first version with npm run train`, options);
    this.name = 'NoProductionModelError';
  }
}
