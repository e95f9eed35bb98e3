// The four commands of `npm run models`: list, show, promote, rollback. Each returns what to print.

import {
  isAlias,
  listModels,
  listVersions,
  readAliases,
  readAliasHistory,
  readManifest,
  rollbackProduction,
  setAlias,
  verifyModel,
  ALIASES,
  ChecksumMismatchError,
  type AliasChangeResult,
} from '@mlops/model-store';
import { UsageError } from './exit-codes';
import { parseModelSpec } from './model-spec';
import { formatHistory, formatModelList, formatVersionDetail, formatVersionTable, type ModelSummary, type VersionSummary } from './model-views';

/** How many history lines `show <name>` prints. */
const HISTORY_LINES = 10;

/** Who is changing an alias and why, from the command line. */
export interface ChangeOptions {
  readonly reason: string;
  readonly actor: string;
  readonly expectRevision?: number;
}

/** `list`: every model of the repository with its versions and aliases. */
export async function listCommand(repository: string, json: boolean): Promise<string> {
  const models: ModelSummary[] = [];
  for (const name of await listModels(repository)) {
    models.push({ name, versions: await listVersions(repository, name), aliases: await readAliases(repository, name) });
  }
  return json ? JSON.stringify({ repository, models }, null, 2) : formatModelList(models, repository);
}

/** `show <name>` (versions, aliases, history) or `show <name>/<version>` (one version's manifest and lineage). */
export async function showCommand(repository: string, spec: string, json: boolean): Promise<string> {
  const { name, version } = parseModelSpec(spec);
  const state = await readAliases(repository, name);
  if (version !== undefined) {
    const manifest = await readManifest(repository, name, version);
    // A show never fails on a bad file: it says so, as the first thing to fix.
    const checksum = await verifyModel(repository, name, version).then(
      () => 'verified',
      (error: unknown) => (error instanceof ChecksumMismatchError ? `MISMATCH: model.onnx has ${error.actual}` : `not verified: ${(error as Error).message}`),
    );
    return json ? JSON.stringify({ manifest, aliases: state, checksum }, null, 2) : formatVersionDetail(manifest, state, checksum);
  }
  const versions: VersionSummary[] = [];
  for (const v of await listVersions(repository, name)) {
    versions.push(await readManifest(repository, name, v).then((manifest) => ({ version: v, manifest }), (error: unknown) => ({ version: v, problem: (error as Error).message })));
  }
  const history = await readAliasHistory(repository, name, HISTORY_LINES);
  if (json) return JSON.stringify({ name, aliases: state, versions, history }, null, 2);
  const head = `${name}: production ${state.aliases.production ?? '-'}, candidate ${state.aliases.candidate ?? '-'} (aliases revision ${state.revision})`;
  return [head, '', formatVersionTable(versions, state), '', `alias history (last ${HISTORY_LINES})`, formatHistory(history)].join('\n');
}

function describeChange(name: string, result: AliasChangeResult, alias: string, requested?: string): string {
  const { entry, state } = result;
  if (!entry) return `${name}: ${alias} already points to ${requested}; nothing changed (revision ${state.revision})`;
  return `${name}: ${entry.action} ${entry.alias} ${entry.from ?? '(none)'} -> ${entry.to ?? '(none)'} (revision ${entry.revision}, by ${entry.actor})\n\n${formatHistory([entry])}`;
}

/** `promote <name>/<version> --to production|candidate --reason ...`. */
export async function promoteCommand(repository: string, spec: string, to: string, options: ChangeOptions): Promise<string> {
  const { name, version } = parseModelSpec(spec, true);
  if (!isAlias(to)) throw new UsageError(`--to must be one of ${ALIASES.join(', ')}, got "${to.slice(0, 40)}"`);
  const result = await setAlias(repository, name, { alias: to, version: version!, actor: options.actor, reason: options.reason, expectedRevision: options.expectRevision });
  return describeChange(name, result, to, version);
}

/** `unset <name> candidate --reason ...`: the candidate alias removed (a rejected canary). Production is never unset. */
export async function unsetCommand(repository: string, spec: string, alias: string, options: ChangeOptions): Promise<string> {
  const { name, version } = parseModelSpec(spec);
  if (version !== undefined) throw new UsageError(`unset takes a model name, not a version: npm run models -- unset ${name} candidate --reason "..."`);
  if (alias === 'production') throw new UsageError('production cannot be unset: promote another version, or roll back');
  if (alias !== 'candidate') throw new UsageError(`only the candidate alias can be unset, got "${alias.slice(0, 40)}"`);
  const result = await setAlias(repository, name, { alias, version: null, actor: options.actor, reason: options.reason, expectedRevision: options.expectRevision });
  if (!result.entry) return `${name}: no candidate set; nothing changed (revision ${result.state.revision})`;
  return describeChange(name, result, alias);
}

/** `rollback <name> --reason ...`: production back to the previous good version. */
export async function rollbackCommand(repository: string, spec: string, options: ChangeOptions): Promise<string> {
  const { name, version } = parseModelSpec(spec);
  if (version !== undefined) throw new UsageError(`rollback takes a model name, not a version: npm run models -- rollback ${name} --reason "..."`);
  const result = await rollbackProduction(repository, name, { actor: options.actor, reason: options.reason, expectedRevision: options.expectRevision });
  return describeChange(name, result, 'production');
}
