// The retrainer worker process: reads config, runs retrain jobs, stops gracefully on SIGTERM/SIGINT.

import { createLogger } from '@mlops/http-service/logger';
import { readRetrainerConfig, type RetrainerConfig } from './config';
import { RetrainerConfigError } from './errors';
import { runRetrainer } from './run-retrainer';

/** Beyond the shutdown deadline, the time stop() may take before the process exits anyway. */
const EXIT_BACKSTOP_MS = 5000;

let config: RetrainerConfig;
try {
  config = readRetrainerConfig();
} catch (error) {
  const message = error instanceof RetrainerConfigError ? error.message : `could not read the configuration: ${(error as Error).message}`;
  // An explicit level: LOG_LEVEL itself may be what is wrong.
  createLogger({ name: 'retrainer', level: 'info' }).fatal({ err: message }, 'bad configuration');
  process.exit(1);
}

const log = createLogger({ name: 'retrainer', level: config.logLevel });
const retrainer = runRetrainer(config, log);
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) {
    log.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal, deadlineMs: config.shutdownDeadlineMs }, 'shutting down: finishing the running retraining');
  setTimeout(() => {
    log.error({ deadlineMs: config.shutdownDeadlineMs }, 'shutdown did not finish in time: exiting now');
    process.exit(1);
  }, config.shutdownDeadlineMs + EXIT_BACKSTOP_MS).unref();
  void retrainer.stop().then(
    (outcome) => {
      log.info({ outcome }, outcome === 'graceful' ? 'stopped' : 'deadline passed: stopped; the running retraining will be run again by another retrainer');
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
