// Graceful stop of a queue-consuming process on SIGTERM/SIGINT: finish the running work within a deadline, then exit.

import type { Logger } from 'pino';

/** Beyond the shutdown deadline, the time `stop()` may take before the process exits anyway. */
export const EXIT_BACKSTOP_MS = 5000;

/** What {@link stopOnSignals} stops and how it words it. */
export interface StopOnSignalsOptions {
  readonly log: Logger;
  /** How long `stop()` lets running work finish (the process's shutdown deadline). */
  readonly deadlineMs: number;
  /** Finishes or abandons the running work within `deadlineMs`: `forced` when the deadline cut it short. */
  readonly stop: () => Promise<'graceful' | 'forced'>;
  /** The log line of the first signal, e.g. `'shutting down: finishing running chunks'`. */
  readonly stoppingMessage: string;
  /** The log line after a forced stop, e.g. `'deadline passed: stopped; unfinished chunks will be retried by another worker'`. */
  readonly forcedMessage: string;
  /** Runs once, at the first signal, before `stop()` (e.g. to tolerate errors that are expected while stopping). */
  readonly onStopping?: () => void;
}

/**
 * On the first SIGTERM or SIGINT: logs, calls `stop()` and exits 0 when it resolves (1 when it fails); a second
 * signal exits 1 at once, and nothing may keep a stopping process alive past `deadlineMs` + {@link EXIT_BACKSTOP_MS}.
 * @example stopOnSignals({ log, deadlineMs: 30_000, stop: () => worker.stop(), stoppingMessage: 'shutting down', forcedMessage: 'stopped at the deadline' })
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  const { log, deadlineMs } = options;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineMs }, options.stoppingMessage);
    options.onStopping?.();
    // stop() is bounded, but nothing may keep a stopping process alive: exit anyway after a margin.
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown did not finish in time: exiting now');
      process.exit(1);
    }, deadlineMs + EXIT_BACKSTOP_MS).unref();
    void options.stop().then(
      (outcome) => {
        log.info({ outcome }, outcome === 'graceful' ? 'stopped' : options.forcedMessage);
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
}
