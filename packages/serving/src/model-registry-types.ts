// The types of ModelRegistry: what to serve, the load state of a model, a rollout's candidate, a failed live load.

import type { LoadedModel } from './load-model';

/** A model to serve: its name in the repository and a version or alias (production, or the latest while unset, when omitted). */
export interface ModelSpec {
  readonly name: string;
  readonly version?: string;
}

/** Options of {@link ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Folder of the model repository, e.g. `modelRepositoryFromEnv()` from `@mlops/model-store`. */
  readonly repository: string;
  /** Models to serve, one version each (plus a candidate during a rollout). */
  readonly models: readonly ModelSpec[];
  /** onnxruntime threads per operator. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
}

/** Load state of one configured model. */
export type ModelState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly model: LoadedModel }
  | { readonly state: 'failed'; readonly error: Error; /** The version or alias asked for; undefined means production (or the latest). */ readonly version: string | undefined }
  | { readonly state: 'unloaded' }
  | { readonly state: 'closed' };

/** A candidate version served beside the model's main version. */
export interface Rollout {
  readonly candidate: LoadedModel;
  /** `canary`: the requests `routesToCandidate` picks are answered by the candidate; `shadow`: they are answered by the main version and scored by the candidate too. */
  readonly mode: 'canary' | 'shadow';
  /** Whether a request (by its id) goes to the candidate: deterministic, so a caller's retries see one model. */
  readonly routesToCandidate: (requestId: string) => boolean;
}

/** The last load of a model that failed while another version kept serving (for the repository index). */
export interface FailedLoad {
  readonly version: string | undefined;
  readonly error: Error;
}
