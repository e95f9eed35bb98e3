// Rolling production back: to the last production version before the current one that was not itself rolled back.

import type { AliasHistoryEntry } from './alias-schema';
import { changeAliasesLocked, readAliasHistory, type AliasChangeResult, type ChangeAuthor } from './aliases';
import { NoRollbackTargetError } from './errors';
import type { FileLockOptions } from './file-lock';
import { listVersions } from './repository';

/**
 * The version production should go back to, from the alias history (oldest first): the most recent earlier
 * production version that differs from `current`, still exists, and was not rolled back away from since it
 * was last promoted. Undefined when there is none.
 * @example rollbackTarget(history, '3', ['1', '2', '3']) // '2' after promotions 1, 2, 3
 */
export function rollbackTarget(history: readonly AliasHistoryEntry[], current: string | undefined, existing: readonly string[]): string | undefined {
  const production = history.filter((e) => e.alias === 'production');
  const rolledBack = (version: string, before: number): boolean => {
    for (let i = before - 1; i >= 0; i--) {
      const e = production[i]!;
      if (e.action === 'rollback' && e.from === version) return true;
      if (e.action !== 'rollback' && e.to === version) return false;
    }
    return false;
  };
  for (let i = production.length - 1; i >= 0; i--) {
    const e = production[i]!;
    // Each entry names the version before it and the one after it; walk both, newest first.
    for (const version of [e.to, e.from]) {
      if (version === null || version === current || !existing.includes(version)) continue;
      if (!rolledBack(version, production.length)) return version;
    }
  }
  return undefined;
}

/**
 * Moves `production` back to the previous good version (see {@link rollbackTarget}), recorded as a `rollback`.
 * @throws NoRollbackTargetError, plus the errors of setAlias
 * @example await rollbackProduction(repo, 'wine-quality', { actor: 'alice', reason: 'error ratio 4% on v3' });
 */
export async function rollbackProduction(repository: string, name: string, author: ChangeAuthor, options: FileLockOptions = {}): Promise<AliasChangeResult> {
  return changeAliasesLocked(
    repository,
    name,
    author,
    async (state) => {
      const current = state.aliases.production;
      const target = rollbackTarget(await readAliasHistory(repository, name), current, await listVersions(repository, name));
      if (target === undefined || current === undefined) throw new NoRollbackTargetError(name, current);
      return { action: 'rollback', alias: 'production', from: current, to: target } satisfies Omit<AliasHistoryEntry, 'revision' | 'at' | 'actor' | 'reason'>;
    },
    options,
  );
}
