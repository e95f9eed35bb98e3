// A pino logger that keeps its lines in memory, so tests can check what the app logs (and what it does not).
import { pino, type Logger } from 'pino';

/** One parsed log line: `level` (30 info, 40 warn, 50 error), `msg`, `err` and the rest. */
export type LogLine = Record<string, unknown> & { level: number };

/** A logger at `info` whose JSON lines are parsed into `lines`. */
export function captureLogs(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** The lines at `error` level or above whose JSON text contains `text`. */
export function errorLinesWith(lines: readonly LogLine[], text: string): LogLine[] {
  return lines.filter((line) => line.level >= 50 && JSON.stringify(line).includes(text));
}
