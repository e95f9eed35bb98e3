// Lineage gathered at training time: data files, code version (git commit, else package version), parent version.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { listVersions, readAliases, type FixedEvaluation, type Lineage } from '@mlops/model-store';
import { describeDataFile, PROJECT_ROOT } from './data-file';

/** Folders whose uncommitted changes make a training run "dirty": the code that trains, reads data and writes models. */
const TRAINING_CODE = ['packages/training', 'packages/dataset', 'packages/model-store'];

/**
 * The code that trains: `CODE_VERSION` when set (an image's build argument: the commit it was built from), else
 * the git commit of the checkout (dirty when the training code has uncommitted changes), else
 * `@mlops/training@<version>` where there is no git.
 * @throws Error when CODE_VERSION is set but is not a commit (7 to 40 hex digits)
 * @example await detectCodeVersion() // { version: '86444eb2…', source: 'git', dirty: false }
 */
export async function detectCodeVersion(root: string = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): Promise<Lineage['code']> {
  // An image has no git checkout: its build passes the commit in CODE_VERSION (a build argument).
  const given = env.CODE_VERSION?.trim();
  if (given) {
    if (!/^[0-9a-f]{7,40}$/.test(given)) throw new Error(`CODE_VERSION="${given.slice(0, 60)}" is not a git commit: use 7 to 40 lower-case hex digits (git rev-parse HEAD), or leave it unset`);
    return { version: given, source: 'git' };
  }
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

/** What {@link collectLineage} needs from a training run. */
export interface LineageInput {
  /** Files the model trained on, with the rows read from each. */
  readonly dataFiles: readonly { readonly path: string; readonly rows: number }[];
  readonly seed: number;
  /** Where the version is going: its parent is found there. */
  readonly repository: string;
  readonly name: string;
  readonly version: string;
  /** The trained model's figures on the fixed evaluation set (see `evaluateOnFixedSet`). */
  readonly evaluation: FixedEvaluation;
}

/**
 * The lineage of a version about to be written: each data file's sha256, the code version, the parent version.
 * @example const lineage = await collectLineage({ dataFiles: [{ path: RED_WINE_CSV, rows: 1599 }], seed, repository, name, version, evaluation });
 */
export async function collectLineage(input: LineageInput): Promise<Lineage> {
  const [data, code, parentVersion] = await Promise.all([
    Promise.all(input.dataFiles.map((f) => describeDataFile(f.path, f.rows))),
    detectCodeVersion(),
    parentVersionOf(input.repository, input.name, input.version),
  ]);
  return { data, seed: input.seed, code, parentVersion, evaluation: input.evaluation };
}
