// Where Redis lives: REDIS_URL from the environment, or the local default.

/** The Redis every app and test uses when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis URL to connect to: `$REDIS_URL` when set and non-empty, else {@link DEFAULT_REDIS_URL}.
 * @example new Redis(redisUrlFromEnv())
 */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.REDIS_URL?.trim();
  return fromEnv ? fromEnv : DEFAULT_REDIS_URL;
}

/** The URL with any password replaced by `***`, safe for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<invalid REDIS_URL>';
  }
}
