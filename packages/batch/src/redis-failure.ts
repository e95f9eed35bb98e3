// Which errors mean "Redis failed under us" (unreachable, closed mid-command, timed out), and how to log them without row data.

import { isRedisUnavailableError } from '@mlops/redis';

const CONNECTION_LOST = /Command aborted due to connection close|Connection is closed|Command timed out|Stream isn't writeable|Reached the max retries/i;

/**
 * True when `error` (or its cause) means Redis cannot serve the request right now: refused or closed
 * connections, commands aborted when the connection closed (ioredis `AbortError`), timed-out commands.
 * A command Redis answered with an error (`ReplyError`) is not one.
 */
export function isRedisFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.name === 'ReplyError') return false;
    if (isRedisUnavailableError(e) || e.name === 'AbortError' || e.name === 'MaxRetriesPerRequestError' || CONNECTION_LOST.test(e.message)) return true;
  }
  return false;
}

/**
 * A copy of a Redis error fit for logs: name, message, code and the command's name only. ioredis attaches
 * the whole command (`error.command.args`) to an `AbortError`, and for batch writes those are the rows.
 */
export function redisErrorForLog(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(source.message.slice(0, 300));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  const command = (source as { command?: { name?: unknown } }).command?.name;
  Object.assign(copy, typeof code === 'string' ? { code } : {}, typeof command === 'string' ? { command } : {});
  return copy;
}
