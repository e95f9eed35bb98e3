// Entry point of the batch worker process: reads config, runs the worker, shuts down gracefully on SIGTERM/SIGINT.

import { createLogger } from '@mlops/http-service/logger';
import { isRedisUnavailableError } from '@mlops/redis';
import { readWorkerConfig, type WorkerConfig } from './config';
import { WorkerConfigError } from './errors';
import { runWorker } from './run-worker';

/** Beyond the shutdown deadline, the time stop() may take before the process exits anyway. */
const EXIT_BACKSTOP_MS = 5000;

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
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineMs: config.shutdownDeadlineMs }, 'shutting down: finishing running chunks');
    // While it closes with Redis away, BullMQ can emit a connection's last error after its owner dropped the
    // 'error' listener; that error is expected now and must not crash the stop. Anything else still does.
    process.on('uncaughtException', (error) => {
      if (!isRedisUnavailableError(error)) {
        log.fatal({ err: error }, 'uncaught exception while stopping');
        process.exit(1);
      }
      log.warn({ err: error.message }, 'Redis connection error while stopping (expected with Redis away)');
    });
    // stop() is bounded, but nothing may keep a stopping worker alive: exit anyway after a margin.
    setTimeout(() => {
      log.error({ deadlineMs: config.shutdownDeadlineMs }, 'shutdown did not finish in time: exiting now');
      process.exit(1);
    }, config.shutdownDeadlineMs + EXIT_BACKSTOP_MS).unref();
    void worker.stop().then(
      (outcome) => {
        log.info({ outcome }, outcome === 'graceful' ? 'stopped' : 'deadline passed: stopped; unfinished chunks will be retried by another worker');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  log.fatal({ err: (error as Error).message }, 'worker failed to start');
  process.exit(1);
}
