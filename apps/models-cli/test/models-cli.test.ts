// The models CLI on real repositories in temp folders: tables, alias changes, errors with exit codes, and real processes at once.

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readAliases, readAliasHistory, writeModelVersion } from '@mlops/model-store';
import { exampleLineage, exampleManifest, tempRepository } from '@mlops/model-store/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runModelsCli } from '../src/cli';

let repository: string;
let cleanup: () => Promise<void>;

async function models(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runModelsCli(['--repository', repository, ...args], { out: (t) => (out += t), err: (t) => (err += t), env: { MODELS_ACTOR: 'alice@laptop' } });
  return { code, out, err };
}

beforeEach(async () => {
  ({ repository, cleanup } = await tempRepository());
  // Version 1 predates lineage; version 2 records it, with version 1 as its parent.
  await writeModelVersion(repository, 'wine-quality', { onnxBytes: new TextEncoder().encode('v1'), manifest: exampleManifest('wine-quality', '1') });
  await writeModelVersion(repository, 'wine-quality', {
    onnxBytes: new TextEncoder().encode('v2'),
    manifest: { ...exampleManifest('wine-quality', '2'), lineage: exampleLineage('1') },
  });
});
afterEach(() => cleanup());

describe('list and show', () => {
  it('lists models with versions and aliases, as a table or JSON', async () => {
    await models('promote', 'wine-quality/1', '--to', 'production', '--reason', 'first release');
    const { code, out } = await models('list');
    expect(code).toBe(0);
    expect(out).toMatch(/^model\s+versions\s+latest\s+production\s+candidate\s+revision/);
    expect(out).toMatch(/\nwine-quality\s+2\s+2\s+1\s+-\s+1\s/);
    const json = JSON.parse((await models('list', '--json')).out);
    expect(json.models[0]).toMatchObject({ name: 'wine-quality', versions: ['1', '2'], aliases: { revision: 1, aliases: { production: '1' } } });
  });

  it('says how to start when the repository is empty', async () => {
    let out = '';
    const code = await runModelsCli(['--repository', join(repository, 'empty'), 'list'], { out: (t) => (out += t), err: () => undefined, env: {} });
    expect(code).toBe(0);
    expect(out).toContain('no models in');
  });

  it('shows each version with its figures per population, lineage and aliases, then the alias history', async () => {
    await models('promote', 'wine-quality/2', '--to', 'candidate', '--reason', 'better on white wines');
    const { code, out } = await models('show', 'wine-quality');
    expect(code).toBe(0);
    expect(out).toContain('wine-quality: production -, candidate 2 (aliases revision 1)');
    expect(out).toMatch(/version\s+aliases\s+created\s+test F1\s+red F1\s+white F1\s+eval set\s+parent\s+seed\s+code\s+sha256/);
    expect(out).toMatch(/\n\s*1\s+-\s+1970-01-01 00:00Z\s+0\.700\s+-\s+-\s+-\s+-\s+1\s+-\s/);
    expect(out).toMatch(/\n\s*2\s+candidate\s+1970-01-01 00:00Z\s+0\.700\s+0\.610\s+0\.300\s+wine-quality-eval-1\s+1\s+42\s+bbbbbbb\s/);
    expect(out).toMatch(/1\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+alice@laptop\s+promote\s+candidate\s+-\s+2\s+better on white wines/);
  });

  it('lists a version whose manifest cannot be read below the table, and says a repository that is a file in one line', async () => {
    await writeFile(join(repository, 'wine-quality', '1', 'manifest.json'), '{');
    const { code, out } = await models('show', 'wine-quality');
    expect(code).toBe(0);
    expect(out).toMatch(/\n\s*1\s+-\s+unreadable \(below\)\n/);
    expect(out).toMatch(/unreadable versions:\n {2}1: invalid model manifest .*manifest\.json: not valid JSON/);
    let err = '';
    const file = join(repository, 'wine-quality', '1', 'model.onnx');
    expect(await runModelsCli(['--repository', file, 'list'], { out: () => undefined, err: (t) => (err += t), env: {} })).toBe(1);
    expect(err).toMatch(/^models: ENOTDIR: not a directory, scandir '.*model\.onnx'\n$/);
  });

  it('shows one version in full, says when lineage was not recorded, and flags a file that fails its checksum', async () => {
    const two = await models('show', 'wine-quality/2');
    expect(two.out).toMatch(/parent\s+1\n/);
    expect(two.out).toMatch(/trained on\s+packages\/dataset\/data\/winequality-red\.csv \(1599 rows/);
    expect(two.out).toMatch(/white\s+735\s+40\.0%\s+0\.300/);
    expect(two.out).toContain('(verified)');
    expect((await models('show', 'wine-quality/1')).out).toMatch(/lineage\s+not recorded/);
    await writeFile(join(repository, 'wine-quality', '2', 'model.onnx'), 'tampered');
    expect((await models('show', 'wine-quality/2')).out).toContain('MISMATCH: model.onnx has');
  });
});

describe('promote and rollback', () => {
  it('promotes, records who and why, and rolls production back', async () => {
    expect((await models('promote', 'wine-quality/1', '--to', 'production', '--reason', 'first release')).code).toBe(0);
    const promoted = await models('promote', 'wine-quality/2', '--to', 'production', '--reason', 'passed the gate', '--actor', 'pipeline');
    expect(promoted.out).toContain('wine-quality: promote production 1 -> 2 (revision 2, by pipeline)');
    const rolled = await models('rollback', 'wine-quality', '--reason', 'error ratio 4%');
    expect(rolled).toMatchObject({ code: 0, out: expect.stringContaining('rollback production 2 -> 1 (revision 3, by alice@laptop)') });
    expect((await readAliases(repository, 'wine-quality')).aliases.production).toBe('1');
    expect((await readAliasHistory(repository, 'wine-quality')).map((e) => [e.actor, e.reason])).toEqual([
      ['alice@laptop', 'first release'],
      ['pipeline', 'passed the gate'],
      ['alice@laptop', 'error ratio 4%'],
    ]);
    expect((await models('promote', 'wine-quality/1', '--to', 'production', '--reason', 'again')).out).toContain('already points to 1; nothing changed');
  });

  it('unsets the candidate after a rejected canary, never production', async () => {
    await models('promote', 'wine-quality/2', '--to', 'candidate', '--reason', 'retrained');
    const unset = await models('unset', 'wine-quality', 'candidate', '--reason', 'canary error ratio 3%');
    expect(unset).toMatchObject({ code: 0, out: expect.stringContaining('wine-quality: unset candidate 2 -> (none) (revision 2') });
    expect((await readAliases(repository, 'wine-quality')).aliases).toEqual({});
    expect((await models('unset', 'wine-quality', 'candidate', '--reason', 'again')).out).toContain('no candidate set; nothing changed');
  });

  it.each([
    [['promote', 'wine-quality/9', '--to', 'production', '--reason', 'r'], 3, 'has no version "9"; known versions: 1, 2'],
    [['show', 'red-wine'], 3, 'no model named "red-wine"'],
    [['promote', 'wine-quality', '--to', 'production', '--reason', 'r'], 2, 'expected <name>/<version>, e.g. wine-quality/2'],
    [['promote', 'Wine Quality/1', '--to', 'production', '--reason', 'r'], 2, 'invalid model name'],
    [['promote', 'wine-quality/1', '--to', 'staging', '--reason', 'r'], 2, 'Allowed choices are production, candidate'],
    [['promote', 'wine-quality/1', '--to', 'production'], 2, "required option '--reason <text>' not specified"],
    [['promote', 'wine-quality/1', '--to', 'production', '--reason', 'x'.repeat(501)], 2, 'the reason must be 1 to 500 characters'],
    [['promote', 'wine-quality/1', '--to', 'production', '--reason', 'r', '--expect-revision', '5'], 4, 'changed since revision 5 (now 0)'],
    [['rollback', 'wine-quality', '--reason', 'r'], 4, 'has no production version to roll back'],
    [['rollback', 'wine-quality/1', '--reason', 'r'], 2, 'rollback takes a model name, not a version'],
    [['unset', 'wine-quality', 'production', '--reason', 'r'], 2, 'production cannot be unset'],
    [['frobnicate'], 2, "unknown command 'frobnicate'"],
  ])('models %j exits %i saying %s, without a stack trace', async (args, code, message) => {
    const result = await models(...args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect((await readAliases(repository, 'wine-quality')).revision).toBe(0);
  });

  it('refuses to promote a version whose model.onnx no longer matches its manifest (exit 5)', async () => {
    await writeFile(join(repository, 'wine-quality', '2', 'model.onnx'), 'tampered');
    const result = await models('promote', 'wine-quality/2', '--to', 'production', '--reason', 'r');
    expect(result).toMatchObject({ code: 5, err: expect.stringContaining('checksum mismatch') });
  });
});

describe('the models CLI as processes', () => {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', main, '--repository', repository, ...args], { env: { ...process.env, MODELS_ACTOR: 'proc' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('loses no update when processes change the aliases at once, and exits 3 for an unknown version', async () => {
    const results = await Promise.all([
      cli(['promote', 'wine-quality/1', '--to', 'production', '--reason', 'p1']),
      cli(['promote', 'wine-quality/2', '--to', 'candidate', '--reason', 'p2']),
      cli(['promote', 'wine-quality/7', '--to', 'production', '--reason', 'p3']),
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 3]);
    const history = await readAliasHistory(repository, 'wine-quality');
    expect(history.map((e) => e.revision)).toEqual([1, 2]);
    expect(history.map((e) => e.reason).sort()).toEqual(['p1', 'p2']);
    expect(JSON.parse(await readFile(join(repository, 'wine-quality', 'aliases.json'), 'utf8'))).toMatchObject({ revision: 2, aliases: { production: '1', candidate: '2' } });
  });
});
