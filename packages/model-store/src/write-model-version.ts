// Writes a new model version atomically: everything goes to a temp folder first, then one rename publishes it.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChecksumMismatchError, InvalidManifestError, ModelStoreError, RepositoryWriteError, VersionExistsError } from './errors';
import type { ModelManifest } from './manifest-schema';
import { parseManifest, sha256Bytes } from './read-model';
import { assertModelName, assertVersion, MANIFEST_FILE, MODEL_FILE, type ModelVersionRef } from './repository';

/** What a version folder holds. */
export interface ModelVersionContent {
  /** The serialised ONNX model. */
  readonly onnxBytes: Uint8Array;
  /** Its manifest; `sha256` is filled in from `onnxBytes` when omitted (and checked when given). */
  readonly manifest: Omit<ModelManifest, 'sha256'> & { sha256?: string };
  /** Extra files written beside the model, e.g. `{ 'training-curve.svg': svg }`. Plain file names only. */
  readonly extraFiles?: Readonly<Record<string, string | Uint8Array>>;
}

/** Options of {@link writeModelVersion}. */
export interface WriteOptions {
  /** Replace the version if it already exists. @defaultValue false */
  readonly force?: boolean;
}

const EXTRA_FILE_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes `<repository>/<name>/<manifest.version>/` with model.onnx, manifest.json and any extra files.
 * Refuses to overwrite an existing version unless `force`; a failure leaves no partial folder behind.
 * @throws VersionExistsError, RepositoryWriteError, InvalidManifestError, ChecksumMismatchError
 * @example await writeModelVersion(repo, 'wine-quality', { onnxBytes, manifest: { ...m, version: await nextVersion(repo, 'wine-quality') } });
 */
export async function writeModelVersion(
  repository: string,
  name: string,
  content: ModelVersionContent,
  options: WriteOptions = {},
): Promise<ModelVersionRef & { manifest: ModelManifest }> {
  assertModelName(name);
  const version = content.manifest.version;
  assertVersion(version);
  const sha256 = sha256Bytes(content.onnxBytes);
  if (content.manifest.sha256 !== undefined && content.manifest.sha256 !== sha256) {
    throw new ChecksumMismatchError(`${name}/${version}/${MODEL_FILE}`, content.manifest.sha256, sha256);
  }
  const modelDir = join(repository, name);
  const directory = join(modelDir, version);
  const manifest = parseManifest({ ...content.manifest, sha256 }, join(directory, MANIFEST_FILE), { name, version });
  for (const file of Object.keys(content.extraFiles ?? {})) {
    if (!EXTRA_FILE_PATTERN.test(file) || file === MODEL_FILE || file === MANIFEST_FILE) {
      throw new InvalidManifestError(join(directory, file), 'extra files need a plain name other than model.onnx and manifest.json');
    }
  }
  if (!options.force && (await exists(directory))) throw new VersionExistsError(directory);

  const suffix = `${version}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(modelDir, `.tmp-${suffix}`);
  const old = join(modelDir, `.old-${suffix}`);
  try {
    await mkdir(temp, { recursive: true });
    await writeFile(join(temp, MODEL_FILE), content.onnxBytes);
    for (const [file, data] of Object.entries(content.extraFiles ?? {})) await writeFile(join(temp, file), data);
    // The manifest goes last: a folder with a manifest is a complete one.
    await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    if (await exists(directory)) {
      if (!options.force) throw new VersionExistsError(directory);
      await rename(directory, old);
    }
    await rename(temp, directory);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (await exists(old)) await rename(old, directory).catch(() => undefined);
    if (error instanceof ModelStoreError) throw error;
    throw new RepositoryWriteError(directory, error);
  }
  await rm(old, { recursive: true, force: true });
  return { name, version, directory, modelPath: join(directory, MODEL_FILE), manifestPath: join(directory, MANIFEST_FILE), manifest };
}
