// Named errors of the model repository, each with a stable `code` callers can switch on (e.g. 404 vs 500).

/** Stable error codes of the model store. */
export type ModelStoreErrorCode =
  | 'INVALID_MODEL_NAME'
  | 'INVALID_VERSION'
  | 'MODEL_NOT_FOUND'
  | 'VERSION_NOT_FOUND'
  | 'INVALID_MANIFEST'
  | 'CHECKSUM_MISMATCH'
  | 'VERSION_EXISTS'
  | 'REPOSITORY_WRITE_FAILED';

/** Base class of every model-store error. */
export class ModelStoreError extends Error {
  readonly code: ModelStoreErrorCode;
  constructor(code: ModelStoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelStoreError';
    this.code = code;
  }
}

/** A model name that does not match `/^[a-z0-9][a-z0-9._-]*$/` (so it can never escape the repository). */
export class InvalidModelNameError extends ModelStoreError {
  constructor(name: string) {
    super('INVALID_MODEL_NAME', `invalid model name ${JSON.stringify(name)}: use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`);
    this.name = 'InvalidModelNameError';
  }
}

/** A version that is not a string of digits. */
export class InvalidVersionError extends ModelStoreError {
  constructor(version: string) {
    super('INVALID_VERSION', `invalid model version ${JSON.stringify(version)}: versions are whole numbers like "1" or "2"`);
    this.name = 'InvalidVersionError';
  }
}

/** No model of that name in the repository. */
export class ModelNotFoundError extends ModelStoreError {
  constructor(name: string, repository: string, known: readonly string[]) {
    const list = known.length === 0 ? 'none' : known.join(', ');
    super('MODEL_NOT_FOUND', `no model named "${name}" in ${repository}; known models: ${list}`);
    this.name = 'ModelNotFoundError';
  }
}

/** The model exists but not that version (or has no versions at all). */
export class VersionNotFoundError extends ModelStoreError {
  constructor(name: string, version: string | undefined, known: readonly string[]) {
    const list = known.length === 0 ? 'none' : known.join(', ');
    super(
      'VERSION_NOT_FOUND',
      version === undefined ? `model "${name}" has no versions yet` : `model "${name}" has no version "${version}"; known versions: ${list}`,
    );
    this.name = 'VersionNotFoundError';
  }
}

/** manifest.json is missing, not JSON, or does not match the manifest schema. */
export class InvalidManifestError extends ModelStoreError {
  readonly path: string;
  constructor(path: string, problem: string, options?: ErrorOptions) {
    super('INVALID_MANIFEST', `invalid model manifest ${path}: ${problem}`, options);
    this.name = 'InvalidManifestError';
    this.path = path;
  }
}

/** model.onnx does not have the sha256 its manifest states: the file was changed or corrupted. */
export class ChecksumMismatchError extends ModelStoreError {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
  constructor(path: string, expected: string, actual: string) {
    super('CHECKSUM_MISMATCH', `checksum mismatch for ${path}: manifest says sha256 ${expected}, file has ${actual}; retrain or restore the file`);
    this.name = 'ChecksumMismatchError';
    this.path = path;
    this.expected = expected;
    this.actual = actual;
  }
}

/** writeModelVersion refused to replace an existing version (pass `force` to replace it). */
export class VersionExistsError extends ModelStoreError {
  readonly path: string;
  constructor(path: string) {
    super('VERSION_EXISTS', `${path} already exists; pick a new version or pass force to overwrite it`);
    this.name = 'VersionExistsError';
    this.path = path;
  }
}

/** The repository could not be written (permissions, full disk...). Nothing was left half-written. */
export class RepositoryWriteError extends ModelStoreError {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('REPOSITORY_WRITE_FAILED', `cannot write the model to ${path}: ${reason}`, { cause });
    this.name = 'RepositoryWriteError';
    this.path = path;
  }
}
