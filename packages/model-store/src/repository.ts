// Where the model repository lives and how its folders are found: <repo>/<model>/<version>/{model.onnx,manifest.json}.

import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidModelNameError, InvalidVersionError, ModelNotFoundError, VersionNotFoundError } from './errors';
import { MODEL_NAME_PATTERN, VERSION_PATTERN } from './manifest-schema';

/** `models/` at the repository root, resolved from this package's location (works from any cwd). */
export const DEFAULT_MODEL_REPOSITORY = fileURLToPath(new URL('../../../models', import.meta.url));

/** File names inside a version folder. */
export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FILE = 'manifest.json';

/**
 * The repository to use: `$MODEL_REPOSITORY` when set, else {@link DEFAULT_MODEL_REPOSITORY}. A relative path is
 * resolved against the directory npm was started from (`$INIT_CWD`, so `npm run -w ...` does not change its meaning), else the cwd.
 * @example const repo = modelRepositoryFromEnv(); // '/…/mlops-labs/models'
 */
export function modelRepositoryFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MODEL_REPOSITORY?.trim();
  return fromEnv ? resolve(env.INIT_CWD || process.cwd(), fromEnv) : DEFAULT_MODEL_REPOSITORY;
}

/** Throws {@link InvalidModelNameError} unless `name` is a safe model name. */
export function assertModelName(name: string): void {
  if (!MODEL_NAME_PATTERN.test(name)) throw new InvalidModelNameError(name);
}

/** Throws {@link InvalidVersionError} unless `version` is a string of digits. */
export function assertVersion(version: string): void {
  if (!VERSION_PATTERN.test(version)) throw new InvalidVersionError(version);
}

async function subdirectories(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Names of the models in a repository (folders with a valid model name), sorted. A missing repository has none. */
export async function listModels(repository: string): Promise<string[]> {
  return (await subdirectories(repository)).filter((n) => MODEL_NAME_PATTERN.test(n)).sort();
}

/**
 * Versions of a model, in numeric order ("2" before "10"). Temporary folders of unfinished writes are ignored.
 * @throws ModelNotFoundError when the repository has no such model.
 */
export async function listVersions(repository: string, name: string): Promise<string[]> {
  assertModelName(name);
  const models = await listModels(repository);
  const found = models.find((m) => m === name);
  if (found === undefined) throw new ModelNotFoundError(name, repository, models);
  const versions = (await subdirectories(join(repository, found))).filter((v) => VERSION_PATTERN.test(v));
  return versions.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** A model version found on disk, with the paths of its files. */
export interface ModelVersionRef {
  readonly name: string;
  readonly version: string;
  readonly directory: string;
  readonly modelPath: string;
  readonly manifestPath: string;
}

/**
 * Finds a version of a model: the given one, or the latest when `version` is omitted.
 * @throws InvalidModelNameError, InvalidVersionError, ModelNotFoundError, VersionNotFoundError
 * @example const { modelPath } = await resolveVersion(repo, 'wine-quality'); // latest
 */
export async function resolveVersion(repository: string, name: string, version?: string): Promise<ModelVersionRef> {
  if (version !== undefined) assertVersion(version);
  const versions = await listVersions(repository, name);
  const found = version === undefined ? versions.at(-1) : versions.find((v) => BigInt(v) === BigInt(version));
  if (found === undefined) throw new VersionNotFoundError(name, version, versions);
  const directory = join(repository, name, found);
  return { name, version: found, directory, modelPath: join(directory, MODEL_FILE), manifestPath: join(directory, MANIFEST_FILE) };
}

/** The version a new model should get: one more than the latest, or "1" for a new model. */
export async function nextVersion(repository: string, name: string): Promise<string> {
  assertModelName(name);
  if (!(await listModels(repository)).includes(name)) return '1';
  const latest = (await listVersions(repository, name)).at(-1);
  return latest === undefined ? '1' : (BigInt(latest) + 1n).toString();
}
