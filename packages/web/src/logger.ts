// The structured logger (pino): JSON lines in production, one place to set the level.

import { pino, type Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. @defaultValue `process.env.LOG_LEVEL ?? 'info'` */
  level?: string;
  /** Service name added to every line, e.g. `api` or `worker`. */
  name?: string;
}

/** Creates the pino logger every service uses; pass `level: 'silent'` in tests. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({ level: options.level ?? process.env.LOG_LEVEL ?? 'info', name: options.name });
}

export type { Logger };
