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
  | 'REPOSITORY_WRITE_FAILED'
  | 'INVALID_ALIAS'
  | 'ALIAS_NOT_SET'
  | 'INVALID_ALIAS_CHANGE'
  | 'INVALID_ALIAS_FILE'
  | 'ALIAS_REVISION_CONFLICT'
  | 'ALIAS_LOCK_TIMEOUT'
  | 'NO_ROLLBACK_TARGET';

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

/** An alias other than the known ones (`production`, `candidate`). */
export class InvalidAliasError extends ModelStoreError {
  constructor(alias: string, known: readonly string[]) {
    super('INVALID_ALIAS', `unknown alias ${JSON.stringify(alias.slice(0, 100))}: use a version number or one of ${known.join(', ')}`);
    this.name = 'InvalidAliasError';
  }
}

/** The alias exists but points to no version of this model yet. */
export class AliasNotSetError extends ModelStoreError {
  constructor(name: string, alias: string) {
    super('ALIAS_NOT_SET', `model "${name}" has no ${alias} version yet; promote one with: npm run models -- promote ${name}/<version> --to ${alias} --reason "..."`);
    this.name = 'AliasNotSetError';
  }
}

/** An alias change with a missing or too long reason or actor. */
export class InvalidAliasChangeError extends ModelStoreError {
  constructor(problem: string) {
    super('INVALID_ALIAS_CHANGE', `invalid alias change: ${problem}`);
    this.name = 'InvalidAliasChangeError';
  }
}

/** aliases.json or the alias history is not what the store writes (edited by hand?). */
export class InvalidAliasFileError extends ModelStoreError {
  readonly path: string;
  constructor(path: string, problem: string, options?: ErrorOptions) {
    super('INVALID_ALIAS_FILE', `invalid alias file ${path}: ${problem}`, options);
    this.name = 'InvalidAliasFileError';
    this.path = path;
  }
}

/** Compare-and-swap failed: someone changed the aliases since the revision the caller read. */
export class AliasRevisionConflictError extends ModelStoreError {
  readonly expected: number;
  readonly actual: number;
  constructor(name: string, expected: number, actual: number) {
    super('ALIAS_REVISION_CONFLICT', `the aliases of "${name}" changed since revision ${expected} (now ${actual}); read them again and retry`);
    this.name = 'AliasRevisionConflictError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** Another process held the alias lock for longer than the timeout. */
export class AliasLockTimeoutError extends ModelStoreError {
  readonly path: string;
  constructor(path: string, waitedMs: number, holder?: string) {
    const by = holder ? `, held by ${holder}` : '';
    super('ALIAS_LOCK_TIMEOUT', `the aliases are locked by another process (waited ${waitedMs} ms for ${path}${by}); retry, or delete that file if no process is changing aliases`);
    this.name = 'AliasLockTimeoutError';
    this.path = path;
  }
}

/** Rollback found no earlier production version to go back to. */
export class NoRollbackTargetError extends ModelStoreError {
  constructor(name: string, current: string | undefined) {
    super(
      'NO_ROLLBACK_TARGET',
      current === undefined
        ? `model "${name}" has no production version to roll back`
        : `model "${name}" has no earlier production version than ${current} to roll back to`,
    );
    this.name = 'NoRollbackTargetError';
  }
}
