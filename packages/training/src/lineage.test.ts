// Tests of lineage facts: the code version from git or the package, and the parent of a new version.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAlias, writeModelVersion } from '@mlops/model-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleManifest } from '@mlops/model-store/testing';
import { detectCodeVersion, parentVersionOf } from './lineage';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineage-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('detectCodeVersion', () => {
  it('gives the git commit of the checkout', async () => {
    expect(await detectCodeVersion()).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{40}$/), source: 'git', dirty: expect.any(Boolean) });
  });

  it('falls back to the package version outside a git checkout', async () => {
    expect(await detectCodeVersion(dir, {})).toEqual({ version: '@mlops/training@0.1.0', source: 'package' });
  });

  it('takes the commit an image was built from in CODE_VERSION, and refuses anything else', async () => {
    expect(await detectCodeVersion(dir, { CODE_VERSION: '86444eb2' })).toEqual({ version: '86444eb2', source: 'git' });
    await expect(detectCodeVersion(dir, { CODE_VERSION: 'latest; rm -rf' })).rejects.toThrow(/CODE_VERSION="latest; rm -rf" is not a git commit/);
  });
});

describe('parentVersionOf', () => {
  it('is null for a first version, else the latest earlier version, else production once set', async () => {
    const repository = join(dir, 'models');
    expect(await parentVersionOf(repository, 'wine-quality', '1')).toBeNull();
    for (const v of ['1', '2']) {
      await writeModelVersion(repository, 'wine-quality', { onnxBytes: new TextEncoder().encode(v), manifest: exampleManifest('wine-quality', v) });
    }
    expect(await parentVersionOf(repository, 'wine-quality', '3')).toBe('2');
    // Overwriting version 1 (--force) never makes it its own parent.
    expect(await parentVersionOf(repository, 'wine-quality', '1')).toBeNull();
    await setAlias(repository, 'wine-quality', { actor: 'test', reason: 'test', alias: 'production', version: '1' });
    expect(await parentVersionOf(repository, 'wine-quality', '3')).toBe('1');
    expect(await parentVersionOf(repository, 'wine-quality', '1')).toBeNull();
  });
});
