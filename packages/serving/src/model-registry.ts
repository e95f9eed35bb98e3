// ModelRegistry: the models a server serves, their load state (readiness) and an orderly close.

import { loadModel, type LoadedModel } from './load-model';

/** A model to serve: its name in the repository and a version (latest when omitted). */
export interface ModelSpec {
  readonly name: string;
  readonly version?: string;
}

/** Options of {@link ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Folder of the model repository, e.g. `modelRepositoryFromEnv()` from `@mlops/model-store`. */
  readonly repository: string;
  /** Models to serve, one version each. */
  readonly models: readonly ModelSpec[];
  /** onnxruntime threads per operator. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
}

/** Load state of one configured model. */
export type ModelState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly model: LoadedModel }
  | { readonly state: 'failed'; readonly error: Error; /** The version asked for; undefined means the latest. */ readonly version: string | undefined }
  | { readonly state: 'closed' };

/**
 * The models a server serves. Create it, mount the router (it answers "not ready" until the models are
 * loaded), then `load()`; or `await ModelRegistry.open(...)` to do both and fail fast.
 *
 * @example
 * const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
 * app.use(createInferenceRouter({ registry }));
 * process.on('SIGTERM', async () => { server.close(); await registry.close(); });
 */
export class ModelRegistry {
  readonly repository: string;
  private readonly specs: readonly ModelSpec[];
  private readonly intraOpNumThreads: number | undefined;
  private readonly states = new Map<string, ModelState>();
  private readonly closeHooks: (() => Promise<void>)[] = [];
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
        } catch (error) {
          this.states.set(spec.name, { state: 'failed', error: error as Error, version: spec.version });
          throw error;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Names of the configured models, in configuration order. */
  get names(): string[] {
    return [...this.states.keys()];
  }

  /** True when every configured model is loaded and the registry is not closing. */
  get ready(): boolean {
    if (this.closing) return false;
    for (const s of this.states.values()) if (s.state !== 'ready') return false;
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

  /** The loaded model of that name, or undefined when it is unknown or not ready. */
  get(name: string): LoadedModel | undefined {
    const s = this.states.get(name);
    return s?.state === 'ready' && !this.closing ? s.model : undefined;
  }

  /** Registers work to finish before the models close (the router drains its micro-batchers here). */
  onClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  /**
   * Graceful close: readiness turns false at once, close hooks run (queued requests are scored), then
   * each model waits for its runs in flight and releases its session. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.closeHooks.map((hook) => hook()));
      await Promise.allSettled(
        [...this.states.entries()].map(async ([name, s]) => {
          this.states.set(name, { state: 'closed' });
          if (s.state === 'ready') await s.model.close();
        }),
      );
    })();
    return this.closing;
  }
}
