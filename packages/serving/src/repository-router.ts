// The Open Inference Protocol's model repository extension (Triton's explicit model control): index, load, unload; admin only.

import { performance } from 'node:perf_hooks';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '@mlops/http-service/http-error';
import { describeJsonValue, quoteText } from '@mlops/http-service/value-text';
import { adminCaller, adminGuard, type AdminRateLimit } from './admin-guard';
import { relativeToRepository } from './find-model';
import type { ModelRegistry } from './model-registry';
import { repositoryIndex } from './repository-index';

/** Options of {@link createRepositoryRouter}. */
export interface RepositoryRouterOptions {
  readonly registry: ModelRegistry;
  /** Bearer token of the admin routes; undefined disables them (403 saying how to enable them). */
  readonly adminToken: string | undefined;
  /** Name of the setting that holds the token, for the 403 message. @defaultValue 'ADMIN_TOKEN' */
  readonly tokenSetting?: string;
  /** @defaultValue 20 requests per 60 s per remote address */
  readonly rateLimit?: AdminRateLimit;
  /** The audit log: every load and unload, who (token id, remote address) and what. */
  readonly logger?: Logger;
}

/** Model-store error codes that mean "no such version or alias to load": the caller named something that is not there. */
const NOT_FOUND_CODES = new Set(['MODEL_NOT_FOUND', 'VERSION_NOT_FOUND', 'ALIAS_NOT_SET', 'INVALID_ALIAS', 'INVALID_ALIAS_FILE', 'INVALID_VERSION']);
const VERSION_OR_ALIAS = /^(\d{1,9}|production|candidate)$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `parameters` object of a load/unload body (absent body: none). @throws HttpError 400 */
function parameters(body: unknown): Record<string, unknown> {
  if (body === undefined || (isObject(body) && Object.keys(body).length === 0)) return {};
  if (!isObject(body)) throw new HttpError(400, 'the body must be a JSON object like {"parameters": {"version": "2"}}, or empty');
  if (body.parameters === undefined) return {};
  if (!isObject(body.parameters)) throw new HttpError(400, '"parameters" must be an object like {"version": "2"}');
  return body.parameters;
}

/**
 * `POST /v2/repository/index` (body `{"ready": true}` optional: READY entries only) answers
 * `[{"name", "version", "state": "READY" | "UNAVAILABLE" | "LOADING", "reason"}]`;
 * `POST /v2/repository/models/{name}/load` (body `{"parameters": {"version": "2"}}` optional: a version, `production`
 * or `candidate`; production, or the latest while unset, by default) loads and checks that version beside the one
 * serving and swaps it in, answering `{"name", "version", "load": true}`; a failed load answers 404 (no such version
 * or alias) or 422 (the version cannot be served: checksum, tensors, warm-up) and the old version keeps serving;
 * `POST /v2/repository/models/{name}/unload` answers `{"name", "unload": true}`. All three are admin routes
 * ({@link adminGuard}): rate-limited, then `Authorization: Bearer <token>`.
 */
export function createRepositoryRouter(opts: RepositoryRouterOptions): Router {
  const { registry, logger } = opts;
  const router = express.Router();
  const guard = adminGuard({ token: opts.adminToken, tokenSetting: opts.tokenSetting, rateLimit: opts.rateLimit });
  const json = express.json({ limit: '16kb', type: () => true });
  const known = (name: string) => {
    if (registry.state(name) === undefined) throw new HttpError(404, `no model named ${quoteText(name)} is served here; served models: ${registry.names.map((n) => `"${n}"`).join(', ') || 'none'}`);
  };

  router.post('/v2/repository/index', guard, json, async (req, res) => {
    const body: unknown = req.body;
    if (body !== undefined && !isObject(body)) throw new HttpError(400, 'the body must be a JSON object like {"ready": true}, or empty');
    const ready = isObject(body) ? body.ready : undefined;
    if (ready !== undefined && typeof ready !== 'boolean') throw new HttpError(400, '"ready" must be true or false');
    res.json(await repositoryIndex(registry, ready === true));
  });

  router.post('/v2/repository/models/:name/load', guard, json, async (req, res) => {
    const name = String(req.params.name);
    known(name);
    const version = parameters(req.body).version;
    if (version !== undefined && (typeof version !== 'string' || !VERSION_OR_ALIAS.test(version))) {
      throw new HttpError(400, `"parameters.version" must be a version like "2", or "production" or "candidate"; got ${describeJsonValue(version)}`);
    }
    const who = adminCaller(res.locals);
    const before = registry.get(name)?.version ?? null;
    const started = performance.now();
    try {
      const model = await registry.loadVersion(name, version);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
      logger?.info({ admin: who, action: 'load', model: name, requested: version ?? null, version: model.version, via: model.via, previous: before, sha256: model.manifest.sha256, seconds }, `model ${name} version ${model.version} loaded (was ${before ?? 'none'})`);
      res.json({ name, version: model.version, load: true });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const serving = registry.get(name)?.version;
      const keeps = serving === undefined ? 'no version is serving' : `version ${serving} keeps serving`;
      const problem = relativeToRepository((error as Error).message, registry.repository);
      logger?.warn({ admin: who, action: 'load', model: name, requested: version ?? null, previous: before, err: error }, `model ${name} load of ${version ?? 'production'} failed; ${keeps}`);
      const status = typeof code === 'string' && NOT_FOUND_CODES.has(code) ? 404 : 422;
      throw new HttpError(status, `failed to load ${name} ${version ?? 'production'}: ${problem}; ${keeps}`, undefined, { cause: error });
    }
  });

  router.post('/v2/repository/models/:name/unload', guard, json, async (req, res) => {
    const name = String(req.params.name);
    known(name);
    parameters(req.body); // unload_dependents and the like are accepted and have nothing to do here
    const who = adminCaller(res.locals);
    const before = registry.get(name)?.version ?? null;
    await registry.unload(name);
    logger?.info({ admin: who, action: 'unload', model: name, previous: before }, `model ${name} unloaded (was version ${before ?? 'none'})`);
    res.json({ name, unload: true });
  });
  return router;
}
