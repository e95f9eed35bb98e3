// What "serve wine-quality" means: an alias (production by default), or a version by number.

import { ALIASES, isAlias, type AliasName } from './alias-schema';
import { readAliases } from './aliases';
import { AliasNotSetError, InvalidAliasError } from './errors';
import { VERSION_PATTERN } from './manifest-schema';
import { resolveVersion, type ModelVersionRef } from './repository';

/** A resolved version, and how it was chosen. */
export interface ResolvedModelVersion extends ModelVersionRef {
  /** `production` / `candidate` when an alias chose it, `version` for an explicit number, `latest` as the fallback. */
  readonly via: AliasName | 'version' | 'latest';
}

/** Longest alias-or-version string accepted (anything longer is neither). */
const MAX_SELECTOR_LENGTH = 100;

/**
 * Resolves `aliasOrVersion` of a model: a version number (`"2"`), an alias (`"production"`, `"candidate"`), or,
 * when omitted or empty, the `production` alias, falling back to the latest version while no production alias
 * is set (so a repository without aliases behaves as before).
 * @throws InvalidAliasError, AliasNotSetError, ModelNotFoundError, VersionNotFoundError, InvalidAliasFileError
 * @example const { version, via } = await resolveModelVersion(repo, 'wine-quality'); // { version: '1', via: 'production' }
 */
export async function resolveModelVersion(repository: string, name: string, aliasOrVersion?: string): Promise<ResolvedModelVersion> {
  const selector = aliasOrVersion?.trim() ?? '';
  if (selector.length > MAX_SELECTOR_LENGTH) throw new InvalidAliasError(selector, ALIASES);
  if (VERSION_PATTERN.test(selector)) return { ...(await resolveVersion(repository, name, selector)), via: 'version' };
  if (selector === '') {
    const production = (await readAliases(repository, name)).aliases.production;
    if (production === undefined) return { ...(await resolveVersion(repository, name)), via: 'latest' };
    return { ...(await resolveVersion(repository, name, production)), via: 'production' };
  }
  if (!isAlias(selector)) throw new InvalidAliasError(selector, ALIASES);
  const version = (await readAliases(repository, name)).aliases[selector];
  if (version === undefined) throw new AliasNotSetError(name, selector);
  return { ...(await resolveVersion(repository, name, version)), via: selector };
}
