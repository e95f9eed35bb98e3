// Tests of repository lookup: default location, env override, listing, numeric version order, name safety.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempRepository } from '../test/fixtures';
import { DEFAULT_MODEL_REPOSITORY, listModels, listVersions, modelRepositoryFromEnv, nextVersion, resolveVersion } from './repository';

let repository: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ repository, cleanup } = await tempRepository());
  for (const v of ['1', '2', '10', '.tmp-3-x', 'notes']) await mkdir(join(repository, 'wine-quality', v), { recursive: true });
  await mkdir(join(repository, 'Bad Name'), { recursive: true });
});
afterEach(() => cleanup());

describe('model repository lookup', () => {
  it('defaults to models/ at the repository root and honours MODEL_REPOSITORY', () => {
    expect(DEFAULT_MODEL_REPOSITORY).toMatch(/[\\/]models$/);
    expect(modelRepositoryFromEnv({})).toBe(DEFAULT_MODEL_REPOSITORY);
    expect(modelRepositoryFromEnv({ MODEL_REPOSITORY: '/srv/models' })).toBe('/srv/models');
  });

  it('lists only folders with valid model names, and none for a missing repository', async () => {
    expect(await listModels(repository)).toEqual(['wine-quality']);
    expect(await listModels(join(repository, 'nope'))).toEqual([]);
  });

  it('sorts versions numerically and ignores temp and non-numeric folders', async () => {
    expect(await listVersions(repository, 'wine-quality')).toEqual(['1', '2', '10']);
  });

  it('resolves the latest version when none is given, and a given one by number', async () => {
    expect((await resolveVersion(repository, 'wine-quality')).version).toBe('10');
    const ref = await resolveVersion(repository, 'wine-quality', '2');
    expect(ref.modelPath).toBe(join(repository, 'wine-quality', '2', 'model.onnx'));
  });

  it('names known models and versions when a lookup fails', async () => {
    await expect(resolveVersion(repository, 'red-wine')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: expect.stringContaining('known models: wine-quality') });
    await expect(resolveVersion(repository, 'wine-quality', '3')).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND', message: expect.stringContaining('known versions: 1, 2, 10') });
  });

  it('rejects names and versions that could escape the repository', async () => {
    await expect(resolveVersion(repository, '../etc')).rejects.toMatchObject({ code: 'INVALID_MODEL_NAME' });
    await expect(resolveVersion(repository, 'wine-quality', '../1')).rejects.toMatchObject({ code: 'INVALID_VERSION' });
  });

  it('numbers a new version one past the latest, and 1 for a new model', async () => {
    expect(await nextVersion(repository, 'wine-quality')).toBe('11');
    expect(await nextVersion(repository, 'brand-new')).toBe('1');
  });
});
