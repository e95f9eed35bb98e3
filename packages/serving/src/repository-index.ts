// The model repository index of the Open Inference Protocol's repository extension: every model version and its state.

import { listModels, listVersions } from '@mlops/model-store';
import { relativeToRepository } from './find-model';
import type { ModelRegistry } from './model-registry';

/** One entry of `POST /v2/repository/index`, as Triton answers it. */
export interface RepositoryIndexEntry {
  readonly name: string;
  /** The version; empty when unknown (an unloaded model, a model this server does not serve). */
  readonly version: string;
  readonly state: 'READY' | 'UNAVAILABLE' | 'LOADING';
  /** Why a version is not ready, or what a ready one is for (`candidate (canary)`); empty otherwise. */
  readonly reason: string;
}

/**
 * The repository index: for each served model its loaded version (READY; a rollout's candidate too), a load in
 * progress (LOADING), a failed load or an unloaded model (UNAVAILABLE with the reason), and the repository's other
 * versions (UNAVAILABLE, reason empty); models in the repository this server does not serve are UNAVAILABLE.
 * `readyOnly` keeps the READY entries (the request's `{"ready": true}`).
 */
export async function repositoryIndex(registry: ModelRegistry, readyOnly = false): Promise<RepositoryIndexEntry[]> {
  const entries: RepositoryIndexEntry[] = [];
  const relative = (message: string) => relativeToRepository(message, registry.repository);
  for (const name of registry.names) {
    const listed = new Set<string>();
    const add = (entry: RepositoryIndexEntry) => {
      if (entry.version !== '') listed.add(entry.version);
      entries.push(entry);
    };
    const state = registry.state(name)!;
    const model = registry.get(name);
    if (model) add({ name, version: model.version, state: 'READY', reason: '' });
    const rollout = registry.rollout(name);
    if (rollout) add({ name, version: rollout.candidate.version, state: 'READY', reason: `candidate (${rollout.mode})` });
    const loading = registry.loading(name);
    if (loading !== undefined) add({ name, version: loading ?? '', state: 'LOADING', reason: '' });
    const failed = state.state === 'failed' ? { version: state.version, error: state.error } : registry.lastFailedLoad(name);
    if (failed) add({ name, version: /^\d+$/.test(failed.version ?? '') ? failed.version! : '', state: 'UNAVAILABLE', reason: `load of ${failed.version ?? 'the production version'} failed: ${relative(failed.error.message)}` });
    if (state.state === 'unloaded') add({ name, version: '', state: 'UNAVAILABLE', reason: 'unloaded' });
    const versions = await listVersions(registry.repository, name).catch(() => [] as string[]);
    for (const version of versions) if (!listed.has(version)) entries.push({ name, version, state: 'UNAVAILABLE', reason: '' });
  }
  const served = new Set(registry.names);
  const others = await listModels(registry.repository).catch(() => [] as string[]);
  for (const name of others) if (!served.has(name)) entries.push({ name, version: '', state: 'UNAVAILABLE', reason: 'not served by this server' });
  return readyOnly ? entries.filter((e) => e.state === 'READY') : entries;
}
