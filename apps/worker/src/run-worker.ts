// Starts a batch worker from a config: loads the model, connects to Redis, checks eviction, runs chunk jobs.

import type { Logger } from 'pino';
import { createBatchQueue, settleWithin, startBatchWorker } from '@mlops/batch';
import { checkEvictionPolicy, createWorkerConnection, redactRedisUrl } from '@mlops/redis';
import { createMetricsRegistry, type MetricsServer } from '@mlops/metrics';
import { loadModel } from '@mlops/serving';
import type { WorkerConfig } from './config';
import { startWorkerLiveDrift } from './live-drift';
import { startWorkerMetrics } from './start-metrics';

/** How long stop() waits for the model to release its session. */
const MODEL_CLOSE_MS = 1000;

/** A running worker process's resources. */
export interface RunningWorker {
  /** Port of its GET /metrics. */
  readonly metricsPort: number;
  /**
   * Closes the worker (waiting at most the configured deadline plus a second, whatever Redis does),
   * the model, then disconnects both connections.
   */
  stop(): Promise<'graceful' | 'forced'>;
}

/**
 * Loads the model and starts consuming chunk jobs. Redis may be down at start or go away later: the
 * connections retry forever and the worker resumes by itself.
 */
export async function runWorker(config: WorkerConfig, log: Logger): Promise<RunningWorker> {
  const model = await loadModel({ repository: config.modelRepository, name: config.modelName, ...(config.modelVersion ? { version: config.modelVersion } : {}) });
  log.info({ model: model.name, version: model.version }, 'model loaded');
  const onError = (error: Error) => log.warn({ err: error.message, redis: redactRedisUrl(config.redisUrl) }, 'Redis connection problem; retrying');
  const connection = createWorkerConnection(config.redisUrl, { onError, connectionName: `batch-worker-${process.pid}` });
  const eventsConnection = createWorkerConnection(config.redisUrl, { onError, connectionName: `batch-worker-events-${process.pid}` });
  connection.on('ready', () => {
    log.info({ redis: redactRedisUrl(config.redisUrl) }, 'connected to Redis');
    void checkEvictionPolicy(connection, (message) => log.warn(message)).catch(() => {});
  });
  const registry = createMetricsRegistry();
  const drift = startWorkerLiveDrift(config.drift, registry, model, log);
  const batchWorker = startBatchWorker({
    connection,
    eventsConnection,
    space: config.space,
    scorer: drift?.scorer ?? model,
    concurrency: config.concurrency,
    ttlSeconds: config.ttlSeconds,
    stalled: config.stalled,
    logger: log,
  });
  // The queue only reads BullMQ's job counts for /metrics (it shares the worker's connection).
  const queue = createBatchQueue(connection, config.space);
  let metrics: MetricsServer;
  try {
    metrics = await startWorkerMetrics(config, { worker: batchWorker.worker, queue, model: { name: model.name, version: model.version, sha256: model.manifest.sha256 }, registry }, log);
  } catch (error) {
    drift?.stop();
    await batchWorker.close(0);
    await settleWithin(model.close(), MODEL_CLOSE_MS);
    connection.disconnect();
    eventsConnection.disconnect();
    throw error;
  }
  log.info({ queue: config.space.queueName, prefix: config.space.prefix, concurrency: config.concurrency }, 'worker started');
  return {
    metricsPort: metrics.port,
    async stop() {
      drift?.stop();
      const outcome = await batchWorker.close(config.shutdownDeadlineMs);
      await metrics.close();
      await settleWithin(queue.close(), MODEL_CLOSE_MS);
      await settleWithin(model.close(), MODEL_CLOSE_MS);
      connection.disconnect();
      eventsConnection.disconnect();
      return outcome;
    },
  };
}
