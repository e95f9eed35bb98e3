// Model rollouts in the API: the model repository routes (admin) and the canary loop, wired to the registry and /metrics.

import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createRepositoryRouter, type InferenceObserver, type ModelRegistry } from '@mlops/serving';
import { CanaryController } from './canary-controller';
import type { RolloutConfig } from './rollout-config';
import { createRolloutMetrics } from './rollout-metrics';

/** What buildApi mounts and starts. */
export interface ApiRollout {
  /** `POST /v2/repository/index`, `.../models/{name}/load`, `.../unload`, for the Express app behind the data plane. */
  readonly router: Router;
  /** For the data plane: the canary's per-version figures. */
  readonly observer: InferenceObserver;
  readonly canary: CanaryController;
  /** Starts the canary loop (after the first load). */
  start(): void;
  /** Stops the canary loop; resolves when a check in progress has finished. */
  stop(): Promise<void>;
}

/** Options of {@link createApiRollout}. */
export interface ApiRolloutOptions {
  readonly config: RolloutConfig;
  readonly registry: ModelRegistry;
  /** The served model. */
  readonly name: string;
  /** MODEL_VERSION: unset or `production` follows the production alias. */
  readonly version: string | undefined;
  readonly logger: Logger;
  /** The API's metrics registry (the rollout gauges are added to it); undefined with METRICS=off. */
  readonly metrics: Registry | undefined;
  /** Called after the served versions changed (e.g. to update model_info). */
  readonly onModelsChanged?: () => void;
}

/** Builds the repository routes and the canary loop of one API process. */
export function createApiRollout(opts: ApiRolloutOptions): ApiRollout {
  const { config, registry, logger } = opts;
  const audit = logger.child({ component: 'model-repository' });
  const router = createRepositoryRouter({ registry, adminToken: config.adminToken, rateLimit: config.adminRateLimit, logger: audit });
  const metrics = opts.metrics ? createRolloutMetrics(opts.metrics) : undefined;
  const canary = new CanaryController({
    registry,
    name: opts.name,
    config,
    followProduction: opts.version === undefined || opts.version === 'production',
    logger: logger.child({ component: 'rollout' }),
    metrics,
  });
  registry.onChange(() => {
    canary.publish();
    opts.onModelsChanged?.();
  });
  return { router, observer: canary.observer, canary, start: () => void canary.start(), stop: () => canary.stop() };
}

/** The versions of `name` serving now (the main one, then a rollout's candidate), for `model_info`. */
export function servedVersions(registry: ModelRegistry, name: string): { name: string; version: string; sha256: string }[] {
  return registry.served(name).map((m) => ({ name: m.name, version: m.version, sha256: m.manifest.sha256 }));
}
