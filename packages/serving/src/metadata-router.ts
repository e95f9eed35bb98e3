// createMetadataRouter: the Open Inference Protocol v2 health, server metadata, model metadata and model readiness routes.

import express, { type Router } from 'express';
import { findModel, modelParams } from './find-model';
import type { ModelRegistry } from './model-registry';
import { DEFAULT_SERVER_INFO, modelMetadata, serverMetadata, type ServerInfo } from './v2-metadata';

/** Options of {@link createMetadataRouter}. */
export interface MetadataRouterOptions {
  readonly registry: ModelRegistry;
  /** Name and version reported by `GET /v2`. @defaultValue {@link DEFAULT_SERVER_INFO} */
  readonly server?: ServerInfo;
  /** Protocol extensions `GET /v2` lists (the infer route's: `SERVING_EXTENSIONS`). @defaultValue `[]` */
  readonly extensions?: readonly string[];
}

/**
 * Express router (mount at `/`) for every v2 route but infer: `GET /v2/health/live`, `GET /v2/health/ready`,
 * `GET /v2`, `GET /v2/models/:name[/versions/:version]` and `GET .../ready`. Readiness answers 200
 * `{"ready": true}` or 503 `{"ready": false}`, so it works as a Kubernetes readiness probe. Errors are
 * thrown as `HttpError` (see {@link findModel}) for the app's error middleware.
 */
export function createMetadataRouter(opts: MetadataRouterOptions): Router {
  const { registry } = opts;
  const server = opts.server ?? DEFAULT_SERVER_INFO;
  const router = express.Router();
  router.get('/v2/health/live', (_req, res) => {
    res.json({ live: true });
  });
  router.get('/v2/health/ready', (_req, res) => {
    const ready = registry.ready;
    res.status(ready ? 200 : 503).json({ ready });
  });
  router.get('/v2', (_req, res) => {
    res.json(serverMetadata(server, opts.extensions));
  });
  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.get(base, (req, res) => {
      const { name, version } = modelParams(req);
      res.json(modelMetadata(findModel(registry, name, version)));
    });
    router.get(`${base}/ready`, (req, res) => {
      const { name, version } = modelParams(req);
      const model = registry.get(name);
      // Unknown model or wrong version of a loaded one: findModel's 404. Known but not loaded: 503.
      if (!registry.state(name) || model) findModel(registry, name, version);
      res.status(model ? 200 : 503).json({ name, ready: model !== undefined });
    });
  }
  return router;
}
