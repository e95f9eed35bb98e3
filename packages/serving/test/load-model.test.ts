// loadModel and ModelRegistry against the committed model: scores, checksum refusal, load errors, readiness.

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecksumMismatchError, ModelNotFoundError, sha256Bytes } from '@mlops/model-store';
import { loadModel, ModelLoadError, ModelRegistry } from '../src/index';
import { copyRepository, distinctRows, MODEL, referenceScores, REPOSITORY } from './helpers/model-fixture';

describe('loadModel', () => {
  it('scores rows exactly like onnxruntime run directly on the file', async () => {
    const model = await loadModel({ repository: REPOSITORY, name: MODEL });
    try {
      expect(model.signature).toMatchObject({ inputName: 'features', inputWidth: 11, outputWidth: 3 });
      const rows = distinctRows(5);
      const scores = await model.score(Float32Array.from(rows), 5);
      expect(Array.from(scores)).toEqual(await referenceScores(rows, 5));
      for (let r = 0; r < 5; r += 1) expect(scores[r * 3]! + scores[r * 3 + 1]! + scores[r * 3 + 2]!).toBeCloseTo(1, 5);
    } finally {
      await model.close();
    }
  });

  it('loads the latest version when none is given and a named version when asked', async () => {
    const latest = await loadModel({ repository: REPOSITORY, name: MODEL });
    const first = await loadModel({ repository: REPOSITORY, name: MODEL, version: '1' });
    expect(first.version).toBe('1');
    expect(Number(latest.version)).toBeGreaterThanOrEqual(1);
    await Promise.all([latest.close(), first.close()]);
  });

  it('refuses a model.onnx whose sha256 differs from the manifest, naming the file', async () => {
    const repo = await copyRepository();
    try {
      const path = join(repo.dir, MODEL, '1', 'model.onnx');
      const bytes = await readFile(path);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      await writeFile(path, bytes);
      const error = await loadModel({ repository: repo.dir, name: MODEL, version: '1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChecksumMismatchError);
      expect((error as Error).message).toContain(path);
    } finally {
      await repo.cleanup();
    }
  });

  it('reports a file onnxruntime cannot parse (checksum matching) as a ModelLoadError naming the path', async () => {
    const repo = await copyRepository();
    try {
      const dir = join(repo.dir, MODEL, '1');
      const garbage = Buffer.from('this is not an onnx model');
      await writeFile(join(dir, 'model.onnx'), garbage);
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { sha256: string };
      manifest.sha256 = sha256Bytes(garbage);
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const error = await loadModel({ repository: repo.dir, name: MODEL, version: '1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as Error).message).toMatch(/onnxruntime cannot load .*model\.onnx/);
    } finally {
      await repo.cleanup();
    }
  });

  it('names the repository and the known models when the model does not exist', async () => {
    const error = await loadModel({ repository: REPOSITORY, name: 'no-such-model' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as Error).message).toContain(MODEL);
  });

  it('rejects a model name that tries to leave the repository', async () => {
    await expect(loadModel({ repository: REPOSITORY, name: '../models' })).rejects.toThrow(/invalid model name/);
  });
});

describe('ModelRegistry', () => {
  it('is ready once its models are loaded and not ready after close', async () => {
    const registry = new ModelRegistry({ repository: REPOSITORY, models: [{ name: MODEL }] });
    expect(registry.ready).toBe(false);
    expect(registry.state(MODEL)).toEqual({ state: 'loading' });
    await registry.load();
    expect(registry.ready).toBe(true);
    expect(registry.get(MODEL)?.name).toBe(MODEL);
    await registry.close();
    expect(registry.ready).toBe(false);
    expect(registry.get(MODEL)).toBeUndefined();
  });

  it('stays not ready and keeps the error when a model is missing its file', async () => {
    const repo = await copyRepository();
    try {
      await rm(join(repo.dir, MODEL, '1', 'model.onnx'));
      const registry = new ModelRegistry({ repository: repo.dir, models: [{ name: MODEL, version: '1' }] });
      await expect(registry.load()).rejects.toThrow(/model\.onnx/);
      expect(registry.ready).toBe(false);
      const state = registry.state(MODEL);
      expect(state?.state).toBe('failed');
      await registry.close();
    } finally {
      await repo.cleanup();
    }
  });

  it('open() fails fast with the load error', async () => {
    await expect(ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL, version: '999' }] })).rejects.toThrow(/no version "999"/);
  });

  it('close() waits for scoring in flight before releasing the session', async () => {
    const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
    const model = registry.get(MODEL)!;
    const pending = model.score(Float32Array.from(distinctRows(64)), 64);
    const closed = registry.close();
    const scores = await pending;
    await closed;
    expect(scores.length).toBe(64 * 3);
    await expect(model.score(Float32Array.from(distinctRows(1)), 1)).rejects.toThrow(/closed/);
  });
});
