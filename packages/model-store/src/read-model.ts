// Reading a model version: parse and check its manifest, hash its model.onnx, verify the two agree.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ChecksumMismatchError, InvalidManifestError } from './errors';
import { describeIssues, ModelManifestSchema, type ModelManifest } from './manifest-schema';
import { resolveVersion, type ModelVersionRef } from './repository';

/** Hex sha256 of a file, streamed (constant memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hex sha256 of bytes in memory. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses a manifest object and checks it names the expected model and version.
 * @throws InvalidManifestError listing every schema problem.
 */
export function parseManifest(value: unknown, path: string, expected?: { name: string; version: string }): ModelManifest {
  const result = ModelManifestSchema.safeParse(value);
  if (!result.success) throw new InvalidManifestError(path, describeIssues(result.error));
  const manifest = result.data;
  if (expected && (manifest.name !== expected.name || manifest.version !== expected.version)) {
    throw new InvalidManifestError(path, `it describes ${manifest.name}/${manifest.version} but sits in ${expected.name}/${expected.version}`);
  }
  return manifest;
}

/**
 * Reads and validates the manifest of a model version (latest when `version` is omitted).
 * @throws ModelNotFoundError, VersionNotFoundError, InvalidManifestError
 */
export async function readManifest(repository: string, name: string, version?: string): Promise<ModelManifest> {
  const ref = await resolveVersion(repository, name, version);
  return readManifestAt(ref);
}

async function readManifestAt(ref: ModelVersionRef): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(ref.manifestPath, 'utf8');
  } catch (error) {
    throw new InvalidManifestError(ref.manifestPath, `cannot read it (${(error as Error).message})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidManifestError(ref.manifestPath, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseManifest(json, ref.manifestPath, ref);
}

/** A model version whose model.onnx matched its manifest's checksum. */
export interface VerifiedModel extends ModelVersionRef {
  readonly manifest: ModelManifest;
}

/**
 * Resolves a version (latest when omitted), reads its manifest and checks model.onnx against the manifest's sha256.
 * Call it before loading a model into a session.
 * @throws ChecksumMismatchError naming the file, plus the errors of {@link readManifest}.
 * @example const { modelPath, manifest } = await verifyModel(repo, 'wine-quality');
 */
export async function verifyModel(repository: string, name: string, version?: string): Promise<VerifiedModel> {
  const ref = await resolveVersion(repository, name, version);
  const manifest = await readManifestAt(ref);
  let actual: string;
  try {
    actual = await sha256File(ref.modelPath);
  } catch (error) {
    throw new InvalidManifestError(ref.manifestPath, `its model file ${ref.modelPath} cannot be read (${(error as Error).message})`, { cause: error });
  }
  if (actual !== manifest.sha256) throw new ChecksumMismatchError(ref.modelPath, manifest.sha256, actual);
  return { ...ref, manifest };
}
