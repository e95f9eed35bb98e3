// The retrainer worker process: reads config, runs retrain jobs, stops gracefully on SIGTERM/SIGINT.

import { createLogger } from '@mlops/http-service/logger';
import { stopOnSignals } from '@mlops/http-service/stop-on-signals';
import { readRetrainerConfig, type RetrainerConfig } from './config';
import { RetrainerConfigError } from './errors';
import { runRetrainer } from './run-retrainer';

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
stopOnSignals({
  log,
  deadlineMs: config.shutdownDeadlineMs,
  stop: () => retrainer.stop(),
  stoppingMessage: 'shutting down: finishing the running retraining',
  forcedMessage: 'deadline passed: stopped; the running retraining will be run again by another retrainer',
});
