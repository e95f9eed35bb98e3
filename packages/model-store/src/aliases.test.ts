// Tests of aliases on real files: set and unset, checksum check, compare-and-swap, concurrent writers, history.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleManifest, tempRepository } from '../test/fixtures';
import { readAliases, readAliasHistory, setAlias } from './aliases';
import { withFileLock } from './file-lock';
import { writeModelVersion } from './write-model-version';

let repository: string;
let cleanup: () => Promise<void>;
const author = { actor: 'alice@laptop', reason: 'first release' };

beforeEach(async () => {
  ({ repository, cleanup } = await tempRepository());
  for (const v of ['1', '2', '3']) {
    await writeModelVersion(repository, 'wine-quality', { onnxBytes: new TextEncoder().encode(`model ${v}`), manifest: exampleManifest('wine-quality', v) });
  }
});
afterEach(() => cleanup());

describe('readAliases', () => {
  it('starts at revision 0 with no aliases, and names an unknown model', async () => {
    expect(await readAliases(repository, 'wine-quality')).toEqual({ revision: 0, aliases: {} });
    expect(await readAliasHistory(repository, 'wine-quality')).toEqual([]);
    await expect(readAliases(repository, 'red-wine')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('reports a hand-edited aliases.json that is not valid, naming the file', async () => {
    await writeFile(join(repository, 'wine-quality', 'aliases.json'), '{"revision":-1,"aliases":{}}');
    await expect(readAliases(repository, 'wine-quality')).rejects.toMatchObject({ code: 'INVALID_ALIAS_FILE', message: expect.stringContaining('aliases.json: revision') });
  });
});

describe('setAlias', () => {
  it('points an alias at a version, bumps the revision and appends who, what, when and why to the history', async () => {
    const { state, entry } = await setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '1' });
    expect(state).toMatchObject({ revision: 1, aliases: { production: '1' } });
    expect(entry).toMatchObject({ revision: 1, actor: 'alice@laptop', action: 'promote', alias: 'production', from: null, to: '1', reason: 'first release' });
    await setAlias(repository, 'wine-quality', { actor: 'bob', reason: 'try v2', alias: 'candidate', version: '2' });
    await setAlias(repository, 'wine-quality', { actor: 'bob', reason: 'v2 won the canary', alias: 'production', version: '2' });
    expect(await readAliases(repository, 'wine-quality')).toMatchObject({ revision: 3, aliases: { production: '2', candidate: '2' } });
    const history = await readAliasHistory(repository, 'wine-quality');
    expect(history.map((e) => [e.revision, e.alias, e.from, e.to])).toEqual([
      [1, 'production', null, '1'],
      [2, 'candidate', null, '2'],
      [3, 'production', '1', '2'],
    ]);
    expect(Date.parse(history[2]!.at)).toBeGreaterThanOrEqual(Date.parse(history[0]!.at));
    // Only the two files: no temp or lock file left behind.
    expect((await readdir(join(repository, 'wine-quality'))).sort()).toEqual(['1', '2', '3', 'alias-history.jsonl', 'aliases.json']);
  });

  it('removes an alias with version null, and changes nothing when the alias already points there', async () => {
    await setAlias(repository, 'wine-quality', { ...author, alias: 'candidate', version: '2' });
    expect((await setAlias(repository, 'wine-quality', { ...author, alias: 'candidate', version: '2' })).entry).toBeUndefined();
    const { state, entry } = await setAlias(repository, 'wine-quality', { ...author, alias: 'candidate', version: null, reason: 'rejected' });
    expect(state).toMatchObject({ revision: 2, aliases: {} });
    expect(entry).toMatchObject({ action: 'unset', from: '2', to: null });
  });

  it('refuses unknown versions and aliases, empty or multi-line reasons, and a corrupted model', async () => {
    await expect(setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '9' })).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(setAlias(repository, 'wine-quality', { ...author, alias: 'staging' as 'production', version: '1' })).rejects.toMatchObject({ code: 'INVALID_ALIAS' });
    await expect(setAlias(repository, 'wine-quality', { ...author, reason: ' ', alias: 'production', version: '1' })).rejects.toMatchObject({ code: 'INVALID_ALIAS_CHANGE' });
    await expect(setAlias(repository, 'wine-quality', { ...author, reason: 'a\nb', alias: 'production', version: '1' })).rejects.toMatchObject({ code: 'INVALID_ALIAS_CHANGE' });
    await expect(setAlias(repository, 'wine-quality', { ...author, reason: 'x'.repeat(501), alias: 'production', version: '1' })).rejects.toMatchObject({ code: 'INVALID_ALIAS_CHANGE' });
    await writeFile(join(repository, 'wine-quality', '3', 'model.onnx'), 'tampered');
    await expect(setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '3' })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(await readAliases(repository, 'wine-quality')).toEqual({ revision: 0, aliases: {} });
  });

  it('refuses a change made against a stale revision (compare-and-swap)', async () => {
    await setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '1', expectedRevision: 0 });
    await expect(setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '2', expectedRevision: 0 })).rejects.toMatchObject({
      code: 'ALIAS_REVISION_CONFLICT',
      message: expect.stringContaining('changed since revision 0 (now 1)'),
    });
    expect((await readAliases(repository, 'wine-quality')).aliases.production).toBe('1');
  });

  it('loses no update when 24 writers change the aliases at once', async () => {
    const writes = Array.from({ length: 24 }, (_, i) =>
      setAlias(repository, 'wine-quality', { actor: `writer-${i}`, reason: `write ${i}`, alias: i % 2 === 0 ? 'production' : 'candidate', version: String((i % 3) + 1) }),
    );
    const results = await Promise.all(writes);
    const changed = results.filter((r) => r.entry !== undefined);
    const state = await readAliases(repository, 'wine-quality');
    const history = await readAliasHistory(repository, 'wine-quality');
    expect(state.revision).toBe(changed.length);
    expect(history.map((e) => e.revision)).toEqual(Array.from({ length: changed.length }, (_, i) => i + 1));
    // Replaying the history gives the final state: every change saw the one before it.
    const replay: Record<string, string | null> = { production: null, candidate: null };
    for (const e of history) {
      expect(e.from).toBe(replay[e.alias]);
      replay[e.alias] = e.to;
    }
    expect(state.aliases).toEqual({ production: replay.production ?? undefined, candidate: replay.candidate ?? undefined });
  });

  it('waits for a held lock and names the lock file when it times out', async () => {
    const lock = join(repository, 'wine-quality', '.aliases.lock');
    await withFileLock(lock, async () => {
      await expect(setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '1' }, { timeoutMs: 30 })).rejects.toMatchObject({
        code: 'ALIAS_LOCK_TIMEOUT',
        message: expect.stringContaining(lock),
      });
    });
    expect((await setAlias(repository, 'wine-quality', { ...author, alias: 'production', version: '1' })).state.revision).toBe(1);
    expect(await readFile(join(repository, 'wine-quality', 'aliases.json'), 'utf8')).toContain('"production": "1"');
  });
});
