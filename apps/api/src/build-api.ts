// Composes the API: the v2 inference data plane in front of lab 01's Express app (ONNX model behind /v1/predict, batches).

import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createBatchQueue, createBatchRouter } from '@mlops/batch';
import { checkEvictionPolicy, createProducerConnection, redactRedisUrl } from '@mlops/redis';
import { createInferencePlane, ModelRegistry, type InferenceObserver } from '@mlops/serving';
import { createApp } from '@mlops/http-service';
import type { Registry } from '@mlops/metrics';
import { liveDriftConfigFromEnv } from '@mlops/drift/live-drift-config';
import { createRetrainQueue } from '@mlops/retraining/retrain-queue';
import { createRetrainingRouter } from '@mlops/retraining/retraining-router';
import { retrainingRoutesConfigFromEnv } from '@mlops/retraining/routes-config';
import { combineObservers, createApiMetrics } from './api-metrics';
import type { ApiConfig } from './config';
import { startApiLiveDrift } from './live-drift';
import { onnxPredictor } from './onnx-predictor';
import { createApiRollout, servedVersions } from './rollout';
import { rolloutConfigFromEnv } from './rollout-config';

/** The composed app and how to release what it holds. */
export interface Api {
  /**
   * The request listener to serve (`http.createServer(api.app)`, supertest): the v2 inference routes on the
   * lean data plane of @mlops/serving, every other request to {@link Api.express}.
   */
  app: RequestListener;
  /** The Express app behind the data plane: /healthz, /v1/predict, batches, the 404 and the error handler. */
  express: Express;
  registry: ModelRegistry;
  /** The process's metrics registry (GET /metrics); undefined with METRICS=off. */
  metrics: Registry | undefined;
  /** Drains micro-batches, closes the model sessions, the batch and retrain queues and the Redis connection. */
  close(): Promise<void>;
}

/** What the API is built with besides its configuration. */
export interface ApiOptions {
  /** Instrumentation of the v2 inference routes (metrics, live drift); see InferenceObserver in @mlops/serving. */
  readonly inferenceObserver?: InferenceObserver;
}

/**
 * Builds the API from its configuration. A model that cannot be loaded does not stop the server: the error
 * is logged with the path and the problem, `/v2/health/ready` stays false and `/v1/predict` answers 503,
 * so an orchestrator keeps traffic away while liveness shows the process is up.
 */
export async function buildApi(config: ApiConfig, logger: Logger, options: ApiOptions = {}): Promise<Api> {
  const registry = new ModelRegistry({
    repository: config.MODEL_REPOSITORY,
    models: [{ name: config.MODEL_NAME, version: config.MODEL_VERSION }],
  });
  // The v2 routes run on the data plane (no Express per-request work); plane.router answers the requests
  // it hands to Express (HEAD, other spellings, compressed bodies) the same way, on the same batchers.
  const metrics = config.METRICS ? createApiMetrics() : undefined;
  const drift = startApiLiveDrift(config.DRIFT ?? liveDriftConfigFromEnv({}), metrics?.registry, registry, logger);
  // Model repository routes (admin: ADMIN_TOKEN) and the canary loop on the candidate alias (CANARY_*).
  const rollout = createApiRollout({
    config: config.ROLLOUT ?? rolloutConfigFromEnv({}),
    registry,
    name: config.MODEL_NAME,
    version: config.MODEL_VERSION,
    logger,
    metrics: metrics?.registry,
    onModelsChanged: () => metrics?.setModels(servedVersions(registry, config.MODEL_NAME)),
  });
  const plane = createInferencePlane({
    registry,
    batching: config.BATCHING ? { maxBatchSize: config.MAX_BATCH_SIZE, maxQueueDelayMs: config.MAX_QUEUE_DELAY_MS } : false,
    maxRowsPerRequest: config.MAX_INFER_ROWS,
    logger,
    accessLogEvery: config.INFER_LOG_EVERY,
    observer: combineObservers(metrics?.observer, drift?.observer, rollout.observer, options.inferenceObserver),
  });
  // Batch routes answer 503 while Redis is unreachable; the connection keeps retrying in the background.
  // A command timeout bounds every batch request while Redis hangs (stopped, not down): 503 instead of waiting.
  const redis = createProducerConnection(config.REDIS_URL, {
    redisOptions: { commandTimeout: config.BATCH_REDIS_COMMAND_TIMEOUT_MS },
    onError: (error) => logger.debug({ err: error.message, redis: redactRedisUrl(config.REDIS_URL) }, 'Redis connection problem'),
  });
  redis.once('ready', () => void checkEvictionPolicy(redis, (message) => logger.warn(message)).catch(() => {}));
  const space = { queueName: config.BATCH_QUEUE, prefix: config.BATCH_PREFIX };
  const queue = createBatchQueue(redis, space);
  const batches = createBatchRouter({
    redis,
    queue,
    space,
    chunkSize: config.BATCH_CHUNK_SIZE,
    ttlSeconds: config.BATCH_TTL_SECONDS,
    maxCsvRecordSize: config.BATCH_MAX_RECORD_SIZE,
  });
  // Retraining triggers (manual and the Alertmanager webhook) enqueue jobs for the retrainers; without
  // RETRAINING_TOKEN they answer 403 and say how to enable them.
  const retrainingConfig = config.RETRAINING ?? retrainingRoutesConfigFromEnv({});
  const retrainQueue = createRetrainQueue(redis, retrainingConfig.space);
  const retraining = createRetrainingRouter({ redis, queue: retrainQueue, models: [config.MODEL_NAME], ...retrainingConfig });
  const app = createApp({
    logger,
    predictor: onnxPredictor(registry, config.MODEL_NAME),
    bodyLimit: config.BODY_LIMIT,
    routers: [...(metrics ? [metrics.router] : []), plane.router, rollout.router, batches, retraining],
  });
  try {
    await registry.load();
    const model = registry.get(config.MODEL_NAME)!;
    logger.info({ model: model.name, version: model.version, sha256: model.manifest.sha256 }, 'model loaded');
  } catch (error) {
    logger.error({ err: error, repository: config.MODEL_REPOSITORY }, `model not loaded, readiness stays false: ${(error as Error).message}`);
  }
  rollout.start();
  const close = async (): Promise<void> => {
    drift?.stop();
    await rollout.stop();
    await registry.close();
    await queue.close().catch(() => {});
    await retrainQueue.close().catch(() => {});
    redis.disconnect();
  };
  // Requests the plane answers are recorded by its observer; the ones it hands to Express, by instrument().
  return { app: plane.handler(metrics ? metrics.instrument(app) : app), express: app, registry, metrics: metrics?.registry, close };
}
