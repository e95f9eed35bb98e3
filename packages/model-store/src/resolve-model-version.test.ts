// Tests of resolveModelVersion: production by default, latest without aliases, explicit versions and aliases, clear errors.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleManifest, tempRepository } from '../test/fixtures';
import { setAlias } from './aliases';
import { resolveModelVersion } from './resolve-model-version';
import { writeModelVersion } from './write-model-version';

let repository: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ repository, cleanup } = await tempRepository());
  for (const v of ['1', '2', '3']) {
    await writeModelVersion(repository, 'wine-quality', { onnxBytes: new TextEncoder().encode(`model ${v}`), manifest: exampleManifest('wine-quality', v) });
  }
});
afterEach(() => cleanup());

describe('resolveModelVersion', () => {
  it('falls back to the latest version while no production alias is set', async () => {
    expect(await resolveModelVersion(repository, 'wine-quality')).toMatchObject({ version: '3', via: 'latest' });
  });

  it('serves the production alias by default once set, not the latest version', async () => {
    await setAlias(repository, 'wine-quality', { actor: 'a', reason: 'r', alias: 'production', version: '2' });
    expect(await resolveModelVersion(repository, 'wine-quality')).toMatchObject({ version: '2', via: 'production' });
    expect(await resolveModelVersion(repository, 'wine-quality', '')).toMatchObject({ version: '2', via: 'production' });
  });

  it('resolves an explicit version or alias', async () => {
    await setAlias(repository, 'wine-quality', { actor: 'a', reason: 'r', alias: 'candidate', version: '3' });
    const ref = await resolveModelVersion(repository, 'wine-quality', '1');
    expect(ref).toMatchObject({ version: '1', via: 'version', modelPath: expect.stringMatching(/wine-quality[\\/]1[\\/]model\.onnx$/) });
    expect(await resolveModelVersion(repository, 'wine-quality', 'candidate')).toMatchObject({ version: '3', via: 'candidate' });
  });

  it('names what is wrong: an unset alias, an unknown alias, an unknown version or model', async () => {
    await expect(resolveModelVersion(repository, 'wine-quality', 'production')).rejects.toMatchObject({ code: 'ALIAS_NOT_SET' });
    await expect(resolveModelVersion(repository, 'wine-quality', 'staging')).rejects.toMatchObject({ code: 'INVALID_ALIAS', message: expect.stringContaining('production, candidate') });
    await expect(resolveModelVersion(repository, 'wine-quality', '7')).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(resolveModelVersion(repository, 'red-wine', 'production')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(resolveModelVersion(repository, 'wine-quality', 'x'.repeat(10_000))).rejects.toMatchObject({ code: 'INVALID_ALIAS' });
  });
});
