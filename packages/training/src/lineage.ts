// Lineage facts gathered at training time: the code version (git commit, else package version) and the parent version.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { listVersions, readAliases, type Lineage } from '@mlops/model-store';
import { PROJECT_ROOT } from './data-file';

/** Folders whose uncommitted changes make a training run "dirty": the code that trains, reads data and writes models. */
const TRAINING_CODE = ['packages/training', 'packages/dataset', 'packages/model-store'];

/**
 * The code that trains: the git commit of the checkout (dirty when the training code has uncommitted changes),
 * or `@mlops/training@<version>` where there is no git.
 * @example await detectCodeVersion() // { version: '86444eb2…', source: 'git', dirty: false }
 */
export async function detectCodeVersion(root: string = PROJECT_ROOT): Promise<Lineage['code']> {
  const git = (args: string[]) => promisify(execFile)('git', ['-C', root, ...args], { timeout: 5_000 }).then((r) => r.stdout.trim());
  try {
    const commit = await git(['rev-parse', 'HEAD']);
    const status = await git(['status', '--porcelain', '--', ...TRAINING_CODE]);
    return { version: commit, source: 'git', dirty: status !== '' };
  } catch {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    return { version: `${pkg.name}@${pkg.version}`, source: 'package' };
  }
}

/**
 * The version a new `version` of model `name` replaces: the production alias when set (and not `version`
 * itself), else the latest earlier version, else null (the first version).
 */
export async function parentVersionOf(repository: string, name: string, version: string): Promise<string | null> {
  let versions: string[];
  try {
    versions = await listVersions(repository, name);
  } catch (error) {
    if ((error as { code?: string }).code === 'MODEL_NOT_FOUND') return null;
    throw error;
  }
  const production = (await readAliases(repository, name)).aliases.production;
  if (production !== undefined && production !== version) return production;
  return versions.filter((v) => BigInt(v) < BigInt(version)).at(-1) ?? null;
}
