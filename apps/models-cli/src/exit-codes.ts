// Exit codes of `npm run models`, one per kind of failure, so scripts can tell "not found" from "conflict".

import { ModelStoreError, type ModelStoreErrorCode } from '@mlops/model-store';

/** Exit codes: 0 success, then one per kind of failure. */
export const EXIT = {
  ok: 0,
  /** An unexpected failure (a bug, a disk error). */
  failure: 1,
  /** Bad arguments: unknown option, invalid name, version or alias, missing or too long reason. */
  usage: 2,
  /** No such model, version, or alias not set. */
  notFound: 3,
  /** Someone else changed the aliases (revision conflict, lock held), or nothing to roll back to. */
  conflict: 4,
  /** A model file that does not match its manifest, or an unreadable manifest or alias file. */
  integrity: 5,
} as const;

const BY_CODE: Partial<Record<ModelStoreErrorCode, number>> = {
  INVALID_MODEL_NAME: EXIT.usage,
  INVALID_VERSION: EXIT.usage,
  INVALID_ALIAS: EXIT.usage,
  INVALID_ALIAS_CHANGE: EXIT.usage,
  MODEL_NOT_FOUND: EXIT.notFound,
  VERSION_NOT_FOUND: EXIT.notFound,
  ALIAS_NOT_SET: EXIT.notFound,
  ALIAS_REVISION_CONFLICT: EXIT.conflict,
  ALIAS_LOCK_TIMEOUT: EXIT.conflict,
  NO_ROLLBACK_TARGET: EXIT.conflict,
  CHECKSUM_MISMATCH: EXIT.integrity,
  INVALID_MANIFEST: EXIT.integrity,
  INVALID_ALIAS_FILE: EXIT.integrity,
};

/** A command line that cannot mean anything (exit code 2); the message says what to type instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code for an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  return error instanceof ModelStoreError ? (BY_CODE[error.code] ?? EXIT.failure) : EXIT.failure;
}
