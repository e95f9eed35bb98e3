// Starts a retrain worker from a config: connects to Redis, checks eviction, consumes retrain jobs.

import type { Logger } from 'pino';
import { checkEvictionPolicy, createWorkerConnection, redactRedisUrl } from '@mlops/redis';
import { startRetrainWorker } from '@mlops/retraining';
import type { RetrainerConfig } from './config';

/** A running retrainer. */
export interface RunningRetrainer {
  /**
   * Stops taking jobs, waits for the running retraining at most the configured deadline, then disconnects.
   * `'forced'`: the retraining was still running; its lock expires and another retrainer runs it again.
   */
  stop(): Promise<'graceful' | 'forced'>;
}

/**
 * Connects and starts consuming retrain jobs. Redis may be down at start or go away later: the connection retries
 * forever and the worker resumes by itself.
 */
export function runRetrainer(config: RetrainerConfig, log: Logger): RunningRetrainer {
  const connection = createWorkerConnection(config.redisUrl, {
    connectionName: `retrainer-${process.pid}`,
    onError: (error) => log.warn({ err: error.message, redis: redactRedisUrl(config.redisUrl) }, 'Redis connection problem; retrying'),
  });
  connection.on('ready', () => {
    log.info({ redis: redactRedisUrl(config.redisUrl) }, 'connected to Redis');
    void checkEvictionPolicy(connection, (message) => log.warn(message)).catch(() => {});
  });
  const retrainer = startRetrainWorker({
    connection,
    space: config.space,
    repository: config.modelRepository,
    data: config.data,
    training: config.training,
    gate: config.gate,
    concurrency: config.concurrency,
    stalled: config.stalled,
    logger: log,
  });
  log.info(
    { queue: config.space.queueName, prefix: config.space.prefix, repository: config.modelRepository, data: config.data, gate: config.gate, epochs: config.training.epochs },
    'retrainer started',
  );
  return {
    async stop() {
      const outcome = await retrainer.close(config.shutdownDeadlineMs);
      connection.disconnect();
      return outcome;
    },
  };
}
