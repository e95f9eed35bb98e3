// Entry point of the batch worker process: reads config, runs the worker, shuts down gracefully on SIGTERM/SIGINT.

import { createLogger } from '@mlops/web/logger';
import { readWorkerConfig, WorkerConfigError } from './config';
import { runWorker } from './run-worker';

const log = createLogger({ name: 'batch-worker' });

try {
  const config = readWorkerConfig();
  const worker = await runWorker(config, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineMs: config.shutdownDeadlineMs }, 'shutting down: finishing running chunks');
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
  log.fatal({ err: (error as Error).message }, error instanceof WorkerConfigError ? 'bad configuration' : 'worker failed to start');
  process.exit(1);
}
