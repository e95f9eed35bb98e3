// Reading and changing a model's aliases: under a lock, checked against an expected revision, written by
// temp file + rename, and each change appended to the alias history.

import { randomBytes } from 'node:crypto';
import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ALIAS_HISTORY_FILE,
  ALIASES,
  ALIASES_FILE,
  ALIASES_LOCK_FILE,
  AliasHistoryEntrySchema,
  AliasStateSchema,
  isAlias,
  MAX_ACTOR_LENGTH,
  MAX_REASON_LENGTH,
  type AliasHistoryEntry,
  type AliasName,
  type AliasState,
} from './alias-schema';
import { AliasRevisionConflictError, InvalidAliasChangeError, InvalidAliasError, InvalidAliasFileError, ModelStoreError, RepositoryWriteError } from './errors';
import { withFileLock, type FileLockOptions } from './file-lock';
import { describeIssues } from './manifest-schema';
import { verifyModel } from './read-model';
import { listVersions } from './repository';

async function readTextOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidAliasFileError(path, `cannot read it (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The aliases of a model; revision 0 and no aliases when none was ever set.
 * @throws ModelNotFoundError, InvalidAliasFileError
 * @example const { aliases } = await readAliases(repo, 'wine-quality'); // { production: '1' }
 */
export async function readAliases(repository: string, name: string): Promise<AliasState> {
  await listVersions(repository, name);
  const path = join(repository, name, ALIASES_FILE);
  const text = await readTextOrUndefined(path);
  if (text === undefined) return { revision: 0, aliases: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidAliasFileError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = AliasStateSchema.safeParse(json);
  if (!result.success) throw new InvalidAliasFileError(path, describeIssues(result.error));
  return result.data;
}

/**
 * Every alias change of a model, oldest first (the last `limit` when given).
 * @throws ModelNotFoundError, InvalidAliasFileError naming the bad line
 */
export async function readAliasHistory(repository: string, name: string, limit?: number): Promise<AliasHistoryEntry[]> {
  await listVersions(repository, name);
  const path = join(repository, name, ALIAS_HISTORY_FILE);
  const text = (await readTextOrUndefined(path)) ?? '';
  const entries = text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new InvalidAliasFileError(path, `line ${index + 1} is not valid JSON`);
    }
    const result = AliasHistoryEntrySchema.safeParse(json);
    if (!result.success) throw new InvalidAliasFileError(path, `line ${index + 1}: ${describeIssues(result.error)}`);
    return [result.data];
  });
  return limit === undefined ? entries : entries.slice(-limit);
}

/** Who changes an alias and why; both end up in the history. */
export interface ChangeAuthor {
  /** e.g. `alice@laptop` or `retraining-pipeline`; at most 100 characters. */
  readonly actor: string;
  /** Why, in a sentence; at most 500 characters. */
  readonly reason: string;
  /** Compare-and-swap: refuse the change unless aliases.json is still at this revision. */
  readonly expectedRevision?: number;
}

/** A change to one alias: point it at `version`, or remove it with `null`. */
export interface AliasChange extends ChangeAuthor {
  readonly alias: AliasName;
  readonly version: string | null;
  /** @defaultValue 'promote', or 'unset' when `version` is null */
  readonly action?: AliasHistoryEntry['action'];
}

/** What a change did: the new state, and its history entry (undefined when the alias already pointed there). */
export interface AliasChangeResult {
  readonly state: AliasState;
  readonly entry: AliasHistoryEntry | undefined;
}

function checkAuthor(change: ChangeAuthor): void {
  const control = /[\u0000-\u001f\u007f]/;
  if (change.actor.trim() === '' || change.actor.length > MAX_ACTOR_LENGTH || control.test(change.actor)) {
    throw new InvalidAliasChangeError(`the actor must be 1 to ${MAX_ACTOR_LENGTH} characters on one line`);
  }
  if (change.reason.trim() === '' || change.reason.length > MAX_REASON_LENGTH || control.test(change.reason)) {
    throw new InvalidAliasChangeError(`the reason must be 1 to ${MAX_REASON_LENGTH} characters on one line, e.g. --reason "beats v1 on white wines"`);
  }
}

/**
 * Runs `decide` under the model's alias lock with the current state, and writes the change it returns:
 * aliases.json by temp file + rename, then one history line. Two writers never lose each other's update.
 * @internal shared by {@link setAlias} and rollbackProduction.
 */
export async function changeAliasesLocked(
  repository: string,
  name: string,
  author: ChangeAuthor,
  decide: (state: AliasState) => Promise<Omit<AliasHistoryEntry, 'revision' | 'at' | 'actor' | 'reason'> | undefined>,
  options: FileLockOptions = {},
): Promise<AliasChangeResult> {
  checkAuthor(author);
  await listVersions(repository, name);
  const modelDir = join(repository, name);
  return withFileLock(
    join(modelDir, ALIASES_LOCK_FILE),
    async () => {
      const state = await readAliases(repository, name);
      if (author.expectedRevision !== undefined && author.expectedRevision !== state.revision) {
        throw new AliasRevisionConflictError(name, author.expectedRevision, state.revision);
      }
      const decided = await decide(state);
      if (decided === undefined) return { state, entry: undefined };
      const at = new Date().toISOString();
      const aliases = { ...state.aliases };
      if (decided.to === null) delete aliases[decided.alias];
      else aliases[decided.alias] = decided.to;
      const next: AliasState = { revision: state.revision + 1, aliases, updated: at };
      const entry: AliasHistoryEntry = { revision: next.revision, at, actor: author.actor, reason: author.reason, ...decided };
      const path = join(modelDir, ALIASES_FILE);
      const temp = join(modelDir, `.${ALIASES_FILE}.${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`);
        await rename(temp, path);
        // After the rename: a crash in between loses a history line, never records a change that did not happen.
        await appendFile(join(modelDir, ALIAS_HISTORY_FILE), `${JSON.stringify(entry)}\n`);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        if (error instanceof ModelStoreError) throw error;
        throw new RepositoryWriteError(path, error);
      }
      return { state: next, entry };
    },
    options,
  );
}

/**
 * Points an alias at a version (after checking that version's model.onnx against its manifest), or removes
 * it when `version` is null. Setting an alias to the version it already has changes nothing.
 * @throws InvalidAliasError, InvalidAliasChangeError, ModelNotFoundError, VersionNotFoundError, ChecksumMismatchError,
 *   AliasRevisionConflictError, AliasLockTimeoutError
 * @example await setAlias(repo, 'wine-quality', { alias: 'production', version: '2', actor: 'alice', reason: 'passed the gate' });
 */
export async function setAlias(repository: string, name: string, change: AliasChange, options: FileLockOptions = {}): Promise<AliasChangeResult> {
  if (!isAlias(change.alias)) throw new InvalidAliasError(change.alias, ALIASES);
  return changeAliasesLocked(
    repository,
    name,
    change,
    async (state) => {
      const from = state.aliases[change.alias] ?? null;
      const to = change.version === null ? null : (await verifyModel(repository, name, change.version)).version;
      if (from === to) return undefined;
      return { action: change.action ?? (to === null ? 'unset' : 'promote'), alias: change.alias, from, to };
    },
    options,
  );
}
