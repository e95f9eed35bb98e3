// The structured logger (pino): JSON lines for machines, readable lines for a person at a terminal.

import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. @defaultValue `process.env.LOG_LEVEL ?? 'info'` */
  level?: string;
  /** Service name added to every line, e.g. `api` or `worker`. */
  name?: string;
  /**
   * `json` (one JSON object per line, for log collectors) or `pretty` (coloured, for people).
   * @defaultValue `process.env.LOG_FORMAT`, else `pretty` when stdout is a terminal and `json` otherwise
   */
  format?: 'json' | 'pretty';
}

/** Creates the pino logger every service uses; pass `level: 'silent'` in tests. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const format = options.format ?? process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty') {
    // One line per entry, coloured even through `npm start`'s pipe (it only asks for pretty when a person reads).
    const stream = pretty({ translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true, colorize: true });
    return pino({ level, name: options.name }, stream);
  }
  return pino({ level, name: options.name });
}

export type { Logger };
