// Tests of writing, reading and verifying versions: checksums, refusal to overwrite, atomic failure.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleManifest, tempRepository } from '../test/fixtures';
import { readManifest, sha256File, verifyModel } from './read-model';
import { writeModelVersion } from './write-model-version';

const bytes = new TextEncoder().encode('not really onnx');
let repository: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ repository, cleanup } = await tempRepository());
});
afterEach(() => cleanup());

describe('writeModelVersion', () => {
  it('writes model, manifest with its sha256, and extra files that verify', async () => {
    const ref = await writeModelVersion(repository, 'wine-quality', {
      onnxBytes: bytes,
      manifest: exampleManifest('wine-quality', '1'),
      extraFiles: { 'training-curve.svg': '<svg/>' },
    });
    expect(await sha256File(ref.modelPath)).toBe(ref.manifest.sha256);
    expect((await verifyModel(repository, 'wine-quality')).manifest.version).toBe('1');
    expect((await readManifest(repository, 'wine-quality', '1')).sha256).toBe(ref.manifest.sha256);
    expect(await readFile(join(ref.directory, 'training-curve.svg'), 'utf8')).toBe('<svg/>');
  });

  it('refuses to overwrite an existing version unless forced', async () => {
    await writeModelVersion(repository, 'wine-quality', { onnxBytes: bytes, manifest: exampleManifest('wine-quality', '1') });
    const other = new TextEncoder().encode('version two bytes');
    await expect(writeModelVersion(repository, 'wine-quality', { onnxBytes: other, manifest: exampleManifest('wine-quality', '1') })).rejects.toMatchObject({
      code: 'VERSION_EXISTS',
    });
    expect(await readFile(join(repository, 'wine-quality', '1', 'model.onnx'), 'utf8')).toBe('not really onnx');
    await writeModelVersion(repository, 'wine-quality', { onnxBytes: other, manifest: exampleManifest('wine-quality', '1') }, { force: true });
    expect(await readFile(join(repository, 'wine-quality', '1', 'model.onnx'), 'utf8')).toBe('version two bytes');
    expect(await readdir(join(repository, 'wine-quality'))).toEqual(['1']);
  });

  it('rejects a manifest that does not match the schema, listing the fields', async () => {
    const manifest = { ...exampleManifest('wine-quality', '1'), classLabels: [] };
    await expect(writeModelVersion(repository, 'wine-quality', { onnxBytes: bytes, manifest })).rejects.toMatchObject({
      code: 'INVALID_MANIFEST',
      message: expect.stringContaining('classLabels'),
    });
  });

  it('reports a repository path that is a file, not a folder', async () => {
    const notADir = join(repository, 'plain-file');
    await writeFile(notADir, 'x');
    await expect(writeModelVersion(notADir, 'wine-quality', { onnxBytes: bytes, manifest: exampleManifest('wine-quality', '1') })).rejects.toMatchObject({
      code: 'REPOSITORY_WRITE_FAILED',
      message: expect.stringContaining(notADir),
    });
  });

  // A regular file where a folder should be stops root too (chmod does not), so this runs everywhere, CI included.
  it('reports a repository under a regular file as unwritable and leaves nothing behind', async () => {
    const file = join(repository, 'plain-file');
    await writeFile(file, 'x');
    const unwritable = join(file, 'models');
    const error = await writeModelVersion(unwritable, 'wine-quality', { onnxBytes: bytes, manifest: exampleManifest('wine-quality', '1') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REPOSITORY_WRITE_FAILED', path: join(unwritable, 'wine-quality', '1') });
    expect((error as Error).message).toContain('ENOTDIR');
    expect(await readdir(repository)).toEqual(['plain-file']);
    expect(await readFile(file, 'utf8')).toBe('x');
  });
});

describe('verifyModel', () => {
  it('names the file whose checksum does not match its manifest', async () => {
    const ref = await writeModelVersion(repository, 'wine-quality', { onnxBytes: bytes, manifest: exampleManifest('wine-quality', '1') });
    await writeFile(ref.modelPath, 'tampered');
    await expect(verifyModel(repository, 'wine-quality', '1')).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(ref.modelPath),
    });
  });

  it('rejects a manifest that sits in the wrong version folder', async () => {
    const ref = await writeModelVersion(repository, 'wine-quality', { onnxBytes: bytes, manifest: exampleManifest('wine-quality', '1') });
    const json = JSON.parse(await readFile(ref.manifestPath, 'utf8'));
    await writeFile(ref.manifestPath, JSON.stringify({ ...json, version: '2' }));
    await expect(readManifest(repository, 'wine-quality')).rejects.toMatchObject({ code: 'INVALID_MANIFEST', message: expect.stringContaining('sits in wine-quality/1') });
  });
});
