// Tests of rollback: the target chosen from the history (pure), and rollbackProduction on real files.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleManifest, tempRepository } from '../test/fixtures';
import type { AliasHistoryEntry } from './alias-schema';
import { readAliases, readAliasHistory, setAlias } from './aliases';
import { rollbackProduction, rollbackTarget } from './rollback';
import { writeModelVersion } from './write-model-version';

const entry = (action: AliasHistoryEntry['action'], from: string | null, to: string | null, alias: AliasHistoryEntry['alias'] = 'production'): AliasHistoryEntry => ({
  revision: 1,
  at: new Date(0).toISOString(),
  actor: 'test',
  reason: 'test',
  action,
  alias,
  from,
  to,
});

describe('rollbackTarget', () => {
  const all = ['1', '2', '3'];

  it('goes back to the production version before the current one, ignoring candidate changes', () => {
    const history = [entry('promote', null, '1'), entry('promote', '1', '2'), entry('promote', null, '3', 'candidate'), entry('promote', '2', '3')];
    expect(rollbackTarget(history, '3', all)).toBe('2');
  });

  it('never goes back to a version that was rolled back, so a second rollback goes one further', () => {
    const history = [entry('promote', null, '1'), entry('promote', '1', '2'), entry('promote', '2', '3'), entry('rollback', '3', '2')];
    expect(rollbackTarget(history, '2', all)).toBe('1');
  });

  it('takes a version back into account once it is promoted again after its rollback', () => {
    const history = [entry('promote', null, '1'), entry('promote', '1', '2'), entry('rollback', '2', '1'), entry('promote', '1', '2'), entry('promote', '2', '3')];
    expect(rollbackTarget(history, '3', all)).toBe('2');
  });

  it('skips versions deleted from disk and has no target for the first production version', () => {
    const history = [entry('promote', null, '1'), entry('promote', '1', '2'), entry('promote', '2', '3')];
    expect(rollbackTarget(history, '3', ['1', '3'])).toBe('1');
    expect(rollbackTarget([entry('promote', null, '1')], '1', all)).toBeUndefined();
  });
});

describe('rollbackProduction', () => {
  let repository: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ repository, cleanup } = await tempRepository());
    for (const v of ['1', '2']) {
      await writeModelVersion(repository, 'wine-quality', { onnxBytes: new TextEncoder().encode(`model ${v}`), manifest: exampleManifest('wine-quality', v) });
    }
  });
  afterEach(() => cleanup());

  it('moves production back and records a rollback with its reason', async () => {
    await setAlias(repository, 'wine-quality', { actor: 'a', reason: 'first', alias: 'production', version: '1' });
    await setAlias(repository, 'wine-quality', { actor: 'a', reason: 'second', alias: 'production', version: '2' });
    const { state, entry: done } = await rollbackProduction(repository, 'wine-quality', { actor: 'oncall', reason: 'error ratio 4% on v2' });
    expect(state.aliases.production).toBe('1');
    expect(done).toMatchObject({ revision: 3, action: 'rollback', from: '2', to: '1', actor: 'oncall', reason: 'error ratio 4% on v2' });
    expect((await readAliasHistory(repository, 'wine-quality')).at(-1)).toEqual(done);
  });

  it('says so when there is nothing to roll back to, and changes nothing', async () => {
    await expect(rollbackProduction(repository, 'wine-quality', { actor: 'a', reason: 'r' })).rejects.toMatchObject({ code: 'NO_ROLLBACK_TARGET', message: expect.stringContaining('no production version') });
    await setAlias(repository, 'wine-quality', { actor: 'a', reason: 'first', alias: 'production', version: '1' });
    await expect(rollbackProduction(repository, 'wine-quality', { actor: 'a', reason: 'r' })).rejects.toMatchObject({ code: 'NO_ROLLBACK_TARGET', message: expect.stringContaining('earlier production version than 1') });
    expect((await readAliases(repository, 'wine-quality')).revision).toBe(1);
  });
});
