// How to log a Redis error without row data (which errors mean Redis is away: isRedisUnavailableError in @mlops/redis).

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
