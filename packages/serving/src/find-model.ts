// findModel: the loaded model a v2 request names, or the 404/503 HttpError that says why it cannot be used.

import { resolve, sep } from 'node:path';
import type { Request } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
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

/**
 * The loaded model called `name` (at `version`, when given).
 * @throws HttpError 404 for an unknown name (listing the known ones) or a version that is not the loaded
 *   one; 503 while the model is loading, after it failed to load (the problem, with paths relative to the
 *   model repository; the full error is the cause) or while the registry closes.
 * @example findModel(registry, 'wine-quality', undefined)
 */
export function findModel(registry: ModelRegistry, name: string, version: string | undefined): LoadedModel {
  const state = registry.state(name);
  if (!state) {
    const known = registry.names.map((n) => `"${n}"`).join(', ') || 'none';
    throw new HttpError(404, `no model named ${JSON.stringify(name)}; known models: ${known}`);
  }
  const model = registry.get(name);
  if (!model) {
    if (state.state === 'failed' && !registry.isClosing) {
      // The full error (absolute paths included) is in the server log and in the cause; callers get
      // the problem with paths relative to the model repository.
      const which = state.version === undefined ? 'latest version' : `version ${state.version}`;
      const problem = relativeToRepository(state.error.message, registry.repository);
      throw new HttpError(503, `model "${name}" is not ready (${which} failed to load: ${problem})`, undefined, { cause: state.error });
    }
    const why = registry.isClosing ? 'the server is shutting down' : `it is ${state.state}`;
    throw new HttpError(503, `model "${name}" is not ready (${why})`);
  }
  if (version !== undefined && version !== model.version) {
    throw new HttpError(404, `model "${name}" has no version ${JSON.stringify(version)} loaded; loaded version: "${model.version}"`);
  }
  return model;
}
