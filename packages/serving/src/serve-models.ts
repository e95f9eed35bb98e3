// serveModels: load models from a repository and serve them over v2 REST with a graceful shutdown.

import { createLogger, type Logger } from '@mlops/http-service/logger';
import { serveWithGracefulShutdown, type RunningServer } from '@mlops/http-service/graceful-shutdown';
import type { InferencePlaneOptions } from './inference-plane';
import { ModelRegistry, type ModelSpec } from './model-registry';
import { createServingHandler } from './serving-app';

/** Options of {@link serveModels}. */
export interface ServeModelsOptions extends Omit<InferencePlaneOptions, 'registry' | 'logger'> {
  readonly repository: string;
  readonly models: readonly ModelSpec[];
  readonly port: number;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string;
  readonly logger?: Logger;
}

/**
 * Loads the models (failing fast with the load error), listens with the data plane (`createServingHandler`), and on SIGTERM/SIGINT drains HTTP
 * requests, then the micro-batchers and the model sessions (`registry.close()`).
 * @example await serveModels({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }], port: 8083 });
 */
export async function serveModels(opts: ServeModelsOptions): Promise<RunningServer & { registry: ModelRegistry }> {
  const { repository, models, port, host = '127.0.0.1', logger = createLogger({ name: 'serving' }), ...routerOpts } = opts;
  const registry = await ModelRegistry.open({ repository, models });
  const handler = createServingHandler({ ...routerOpts, registry, logger });
  const running = await serveWithGracefulShutdown(handler, { port, host, logger, onClose: () => registry.close() });
  const loaded = registry.names.map((n) => `${n}/${registry.get(n)?.version}`).join(', ');
  logger.info({ port: running.port, models: loaded, batching: routerOpts.batching ?? {} }, 'serving v2 inference');
  return { ...running, registry };
}
