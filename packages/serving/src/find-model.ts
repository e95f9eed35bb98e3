// findModel: the loaded model a v2 request names, or the 404/503 HttpError that says why it cannot be used.

import { resolve, sep } from 'node:path';
import type { Request } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import { quoteText } from '@mlops/http-service/value-text';
import type { LoadedModel } from './load-model';
import type { ModelRegistry } from './model-registry';

/** `message` with the model repository's absolute path left out: `<repo>/wine-quality/1/model.onnx` becomes `wine-quality/1/model.onnx`. */
export function relativeToRepository(message: string, repository: string): string {
  const root = resolve(repository);
  return message.split(`${root}${sep}`).join('').split(root).join('the model repository');
}

/** The `:name` and optional `:version` path parameters of a `/v2/models/:name[/versions/:version]` route. */
export function modelParams(req: Request): { name: string; version: string | undefined } {
  const params = req.params as Record<string, string | undefined>;
  return { name: params.name ?? '', version: params.version };
}

/** True when a request's `version` path segment names `model`: its version number, or the alias it was loaded by. */
export function versionNames(model: LoadedModel, version: string): boolean {
  return version === model.version || version === model.via;
}

/**
 * The loaded model called `name` (at `version`, when given: a version number, or the alias the model was loaded
 * by, e.g. `production`; during a rollout the candidate answers to its own version and to `candidate`).
 * @throws HttpError 404 for an unknown name (listing the known ones) or a version that is not loaded; 503 while
 *   the model is loading, unloaded, after it failed to load (the problem, with paths relative to the model
 *   repository; the full error is the cause) or while the registry closes.
 * @example findModel(registry, 'wine-quality', undefined)
 */
export function findModel(registry: ModelRegistry, name: string, version: string | undefined): LoadedModel {
  const state = registry.state(name);
  if (!state) {
    const known = registry.names.map((n) => `"${n}"`).join(', ') || 'none';
    throw new HttpError(404, `no model named ${quoteText(name)}; known models: ${known}`);
  }
  const model = registry.get(name);
  if (!model) {
    if (state.state === 'failed' && !registry.isClosing) {
      // The full error (absolute paths included) is in the server log and in the cause; callers get
      // the problem with paths relative to the model repository.
      const which = state.version === undefined ? 'the production (or latest) version' : `version ${state.version}`;
      const problem = relativeToRepository(state.error.message, registry.repository);
      throw new HttpError(503, `model "${name}" is not ready (${which} failed to load: ${problem})`, undefined, { cause: state.error });
    }
    if (state.state === 'unloaded' && !registry.isClosing) {
      throw new HttpError(503, `model "${name}" is not ready (it was unloaded; load it with POST /v2/repository/models/${name}/load)`);
    }
    const why = registry.isClosing ? 'the server is shutting down' : `it is ${state.state}`;
    throw new HttpError(503, `model "${name}" is not ready (${why})`);
  }
  if (version === undefined || versionNames(model, version)) return model;
  const candidate = registry.rollout(name)?.candidate;
  if (candidate && (versionNames(candidate, version) || version === 'candidate')) return candidate;
  const loaded = candidate ? `"${model.version}" and "${candidate.version}" (candidate)` : `"${model.version}"`;
  throw new HttpError(404, `model "${name}" has no version ${quoteText(version)} loaded; loaded version: ${loaded}`);
}

/** The model an infer request is answered by, and the candidate that scores it too in shadow mode. */
export interface ModelChoice {
  readonly model: LoadedModel;
  readonly shadow?: LoadedModel;
}

/**
 * The model for an infer request: {@link findModel} for an explicit version (never split); otherwise the main
 * version, or during a rollout the candidate for the requests its split picks by request id (canary), or the main
 * version with the candidate scoring a copy (shadow).
 */
export function chooseModel(registry: ModelRegistry, name: string, version: string | undefined, requestId: string | undefined): ModelChoice {
  const model = findModel(registry, name, version);
  if (version !== undefined || requestId === undefined) return { model };
  const rollout = registry.rollout(name);
  if (!rollout || !rollout.routesToCandidate(requestId)) return { model };
  return rollout.mode === 'canary' ? { model: rollout.candidate } : { model, shadow: rollout.candidate };
}
