// Starts a batch worker from a config: loads the model, connects to Redis, checks eviction, runs chunk jobs.

import type { Logger } from 'pino';
import { settleWithin, startBatchWorker } from '@mlops/batch';
import { checkEvictionPolicy, createWorkerConnection, redactRedisUrl } from '@mlops/redis';
import { loadModel } from '@mlops/serving';
import type { WorkerConfig } from './config';

/** How long stop() waits for the model to release its session. */
const MODEL_CLOSE_MS = 1000;

/** A running worker process's resources. */
export interface RunningWorker {
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
  const batchWorker = startBatchWorker({
    connection,
    eventsConnection,
    space: config.space,
    scorer: model,
    concurrency: config.concurrency,
    ttlSeconds: config.ttlSeconds,
    stalled: config.stalled,
    logger: log,
  });
  log.info({ queue: config.space.queueName, prefix: config.space.prefix, concurrency: config.concurrency }, 'worker started');
  return {
    async stop() {
      const outcome = await batchWorker.close(config.shutdownDeadlineMs);
      await settleWithin(model.close(), MODEL_CLOSE_MS);
      connection.disconnect();
      eventsConnection.disconnect();
      return outcome;
    },
  };
}
