// Entry point of the batch worker process: reads config, runs the worker, shuts down gracefully on SIGTERM/SIGINT.

import { createLogger } from '@mlops/http-service/logger';
import { stopOnSignals } from '@mlops/http-service/stop-on-signals';
import { isRedisUnavailableError } from '@mlops/redis';
import { readWorkerConfig, type WorkerConfig } from './config';
import { WorkerConfigError } from './errors';
import { runWorker } from './run-worker';

let config: WorkerConfig;
try {
  // Config first: the logger needs its level, and a bad LOG_LEVEL must be a one-line message, not a stack trace.
  config = readWorkerConfig();
} catch (error) {
  const message = error instanceof WorkerConfigError ? error.message : `could not read the configuration: ${(error as Error).message}`;
  // An explicit level: LOG_LEVEL itself may be what is wrong.
  createLogger({ name: 'batch-worker', level: 'info' }).fatal({ err: message }, 'bad configuration');
  process.exit(1);
}

const log = createLogger({ name: 'batch-worker', level: config.logLevel });

try {
  const worker = await runWorker(config, log);
  stopOnSignals({
    log,
    deadlineMs: config.shutdownDeadlineMs,
    stop: () => worker.stop(),
    stoppingMessage: 'shutting down: finishing running chunks',
    forcedMessage: 'deadline passed: stopped; unfinished chunks will be retried by another worker',
    // While it closes with Redis away, BullMQ can emit a connection's last error after its owner dropped the
    // 'error' listener; that error is expected now and must not crash the stop. Anything else still does.
    onStopping: () =>
      process.on('uncaughtException', (error) => {
        if (!isRedisUnavailableError(error)) {
          log.fatal({ err: error }, 'uncaught exception while stopping');
          process.exit(1);
        }
        log.warn({ err: error.message }, 'Redis connection error while stopping (expected with Redis away)');
      }),
  });
} catch (error) {
  log.fatal({ err: (error as Error).message }, 'worker failed to start');
  process.exit(1);
}
