// ModelRegistry: the models a server serves, their load state (readiness), live swaps, a canary slot and an orderly close.

import { loadModel, type LoadedModel } from './load-model';
import { ModelLeases } from './model-leases';
import type { FailedLoad, ModelRegistryOptions, ModelSpec, ModelState, Rollout } from './model-registry-types';
import { warmUp } from './warm-up';

export type { FailedLoad, ModelRegistryOptions, ModelSpec, ModelState, Rollout } from './model-registry-types';

/**
 * The models a server serves. Create it, mount the router (it answers "not ready" until the models are
 * loaded), then `load()`; or `await ModelRegistry.open(...)` to do both and fail fast. `loadVersion` swaps a
 * model's version live (the new one is loaded, checked and warmed up beside the old one; requests in flight
 * finish on the version they started on); `startRollout` serves a candidate beside it.
 *
 * @example
 * const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
 * app.use(createInferenceRouter({ registry }));
 * await registry.loadVersion('wine-quality', '2'); // zero-downtime swap
 */
export class ModelRegistry {
  readonly repository: string;
  /** Requests in flight per model; a replaced model closes once its count is 0. */
  readonly leases = new ModelLeases();
  private readonly specs: readonly ModelSpec[];
  private readonly intraOpNumThreads: number | undefined;
  private readonly states = new Map<string, ModelState>();
  private readonly rollouts = new Map<string, Rollout>();
  private readonly pending = new Map<string, string | undefined>();
  private readonly failedLoads = new Map<string, FailedLoad>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly retiring = new Set<Promise<void>>();
  private readonly closeHooks: (() => Promise<void>)[] = [];
  private readonly retireHooks: ((model: LoadedModel) => Promise<void>)[] = [];
  private readonly changeListeners: ((name: string) => void)[] = [];
  private closing: Promise<void> | undefined;

  constructor(opts: ModelRegistryOptions) {
    this.repository = opts.repository;
    this.specs = opts.models;
    this.intraOpNumThreads = opts.intraOpNumThreads;
    for (const spec of opts.models) {
      if (this.states.has(spec.name)) throw new Error(`model "${spec.name}" is configured twice; serve one version per model`);
      this.states.set(spec.name, { state: 'loading' });
    }
  }

  /**
   * Creates a registry and loads every model.
   * @throws the first load error (its message names the file and the problem).
   */
  static async open(opts: ModelRegistryOptions): Promise<ModelRegistry> {
    const registry = new ModelRegistry(opts);
    try {
      await registry.load();
    } catch (error) {
      await registry.close();
      throw error;
    }
    return registry;
  }

  /**
   * Loads every configured model (in parallel). A model that fails stays `failed` (so readiness stays
   * false) and the first error is thrown after all attempts finished.
   */
  async load(): Promise<void> {
    const results = await Promise.allSettled(
      this.specs.map(async (spec) => {
        try {
          const model = await loadModel({ repository: this.repository, name: spec.name, version: spec.version, intraOpNumThreads: this.intraOpNumThreads });
          if (this.closing) {
            await model.close();
            return;
          }
          this.states.set(spec.name, { state: 'ready', model });
          this.changed(spec.name);
        } catch (error) {
          this.states.set(spec.name, { state: 'failed', error: error as Error, version: spec.version });
          throw error;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Loads `version` (a version or an alias; production, or the latest while unset, when omitted) of a configured
   * model beside the one serving, checks it (sha256 and tensors, then a warm-up run) and only then swaps it in:
   * new requests go to it at once, requests in flight finish on the old one, which is closed when they have.
   * A failed load changes nothing that serves (the error is kept for the repository index) and is thrown.
   * Loads of one model run one after the other.
   * @throws Error for a model that is not configured, the load errors of `loadModel`, ModelLoadError for a failed warm-up
   */
  loadVersion(name: string, version?: string): Promise<LoadedModel> {
    return this.serialized(name, async () => {
      const model = await this.loadChecked(name, version);
      this.failedLoads.delete(name);
      const before = this.states.get(name);
      this.states.set(name, { state: 'ready', model });
      if (before?.state === 'ready') this.retire(before.model);
      // Loading the candidate's version as the main one ends its rollout: one version, served once.
      if (this.rollouts.get(name)?.candidate.version === model.version) this.endRolloutNow(name);
      this.changed(name);
      return model;
    });
  }

  /** Stops serving a model (requests get 503 until it is loaded again); in-flight requests finish first. A rollout of it ends too. */
  unload(name: string): Promise<void> {
    return this.serialized(name, async () => {
      const before = this.states.get(name);
      this.failedLoads.delete(name);
      this.endRolloutNow(name);
      this.states.set(name, { state: 'unloaded' });
      this.changed(name);
      if (before?.state === 'ready') await this.retire(before.model);
    });
  }

  /**
   * Loads `version` as the candidate of `name`, beside its main version (checked and warmed up like
   * {@link loadVersion}), and starts routing to it. A candidate already there is replaced.
   */
  startRollout(name: string, version: string, opts: Omit<Rollout, 'candidate'>): Promise<Rollout> {
    return this.serialized(name, async () => {
      if (this.get(name) === undefined) throw new Error(`model "${name}" has no version serving; a candidate needs one beside it`);
      const candidate = await this.loadChecked(name, version);
      const rollout: Rollout = { candidate, mode: opts.mode, routesToCandidate: opts.routesToCandidate };
      this.endRolloutNow(name);
      this.rollouts.set(name, rollout);
      this.changed(name);
      return rollout;
    });
  }

  /**
   * Ends the rollout of `name`: `promote` makes the candidate the main version (the old main version closes
   * after its requests drain), `rollback` closes the candidate. Nothing happens without a rollout.
   */
  endRollout(name: string, outcome: 'promote' | 'rollback'): Promise<void> {
    return this.serialized(name, async () => {
      const rollout = this.rollouts.get(name);
      if (!rollout) return;
      if (outcome === 'rollback') {
        this.endRolloutNow(name);
        this.changed(name);
        return;
      }
      this.rollouts.delete(name);
      const before = this.states.get(name);
      this.states.set(name, { state: 'ready', model: rollout.candidate });
      if (before?.state === 'ready') this.retire(before.model);
      this.changed(name);
    });
  }

  /** The versions of `name` serving now: the main one, then a rollout's candidate (none while it loads or failed). */
  served(name: string): LoadedModel[] {
    const candidate = this.rollout(name)?.candidate;
    const main = this.get(name);
    return [...(main ? [main] : []), ...(candidate ? [candidate] : [])];
  }

  /** The rollout of `name`, when a candidate is served beside it. */
  rollout(name: string): Rollout | undefined {
    return this.closing ? undefined : this.rollouts.get(name);
  }

  /** The version or alias being loaded for `name` right now (`null` for the default), or undefined. */
  loading(name: string): string | null | undefined {
    return this.pending.has(name) ? (this.pending.get(name) ?? null) : undefined;
  }

  /** The last failed {@link loadVersion} of `name` while another version kept serving, if any. */
  lastFailedLoad(name: string): FailedLoad | undefined {
    return this.failedLoads.get(name);
  }

  /** Names of the configured models, in configuration order. */
  get names(): string[] {
    return [...this.states.keys()];
  }

  /** True when every configured model is loaded (or was unloaded on purpose) and the registry is not closing. */
  get ready(): boolean {
    if (this.closing) return false;
    for (const s of this.states.values()) if (s.state !== 'ready' && s.state !== 'unloaded') return false;
    return true;
  }

  /** True once close() has started: readiness is false and no new work is taken. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Load state of a configured model, or undefined for a name that is not configured. */
  state(name: string): ModelState | undefined {
    return this.states.get(name);
  }

  /** The loaded (main) model of that name, or undefined when it is unknown or not ready. */
  get(name: string): LoadedModel | undefined {
    const s = this.states.get(name);
    return s?.state === 'ready' && !this.closing ? s.model : undefined;
  }

  /** Registers work to finish before the models close (the router drains its micro-batchers here). */
  onClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  /** Calls `listener(name)` after the served versions of a model changed (loaded, swapped, unloaded, a rollout started or ended); it must not throw. */
  onChange(listener: (name: string) => void): void {
    this.changeListeners.push(listener);
  }

  /** Registers work to do when a replaced model's requests have drained, before it closes (the router closes its batcher). */
  onRetire(hook: (model: LoadedModel) => Promise<void>): void {
    this.retireHooks.push(hook);
  }

  /**
   * Graceful close: readiness turns false at once, close hooks run (queued requests are scored), then
   * each model waits for its runs in flight and releases its session. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.closeHooks.map((hook) => hook()));
      await Promise.allSettled([...this.retiring]);
      const candidates = [...this.rollouts.values()].map((r) => r.candidate);
      this.rollouts.clear();
      await Promise.allSettled([
        ...candidates.map((m) => m.close()),
        ...[...this.states.entries()].map(async ([name, s]) => {
          this.states.set(name, { state: 'closed' });
          if (s.state === 'ready') await s.model.close();
        }),
      ]);
    })();
    return this.closing;
  }

  private async loadChecked(name: string, version: string | undefined): Promise<LoadedModel> {
    if (!this.states.has(name)) throw new Error(`model "${name}" is not served here; served models: ${this.names.join(', ') || 'none'}`);
    if (this.closing) throw new Error('the server is shutting down');
    this.pending.set(name, version);
    try {
      const model = await loadModel({ repository: this.repository, name, version, intraOpNumThreads: this.intraOpNumThreads });
      try {
        await warmUp(model);
        if (this.closing) throw new Error('the server is shutting down');
      } catch (error) {
        await model.close();
        throw error;
      }
      return model;
    } catch (error) {
      const state = this.states.get(name);
      if (state?.state === 'ready') this.failedLoads.set(name, { version, error: error as Error });
      else if (!this.closing) this.states.set(name, { state: 'failed', error: error as Error, version });
      throw error;
    } finally {
      this.pending.delete(name);
    }
  }

  private changed(name: string): void {
    for (const listener of this.changeListeners) {
      try {
        listener(name);
      } catch {
        // a listener's failure must not undo a swap that already happened
      }
    }
  }

  private endRolloutNow(name: string): void {
    const rollout = this.rollouts.get(name);
    if (!rollout) return;
    this.rollouts.delete(name);
    this.retire(rollout.candidate);
  }

  /** Closes a model that no longer takes requests, once the requests holding it finished. */
  private retire(model: LoadedModel): Promise<void> {
    const done = (async () => {
      await this.leases.drained(model);
      await Promise.allSettled(this.retireHooks.map((hook) => hook(model)));
      await model.close();
    })();
    this.retiring.add(done);
    void done.finally(() => this.retiring.delete(done));
    return done;
  }

  private serialized<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(name, next);
    return next;
  }
}
