// Vitest global set-up (vitest.shared.ts): with no REDIS_URL and no local Redis, one Redis container for the run.

import { reachableRedis } from './test-redis-probe';
import { localTestRedisUrl, startRedisContainer } from './test-redis-container';

/** Set by this set-up when it tried a container and failed: test files report it instead of trying again. */
export const CONTAINER_FAILURE_ENV = 'TEST_REDIS_CONTAINER_FAILURE';

/**
 * Runs once before the test workers start. When `REDIS_URL` is unset and nothing answers at
 * {@link localTestRedisUrl}, starts one Redis container and sets `REDIS_URL` for the workers (they inherit the
 * environment); stops it after the run. When a Redis answers, it changes nothing and needs no Docker.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.REDIS_URL?.trim()) return undefined;
  if (await reachableRedis(localTestRedisUrl(), 500)) return undefined;
  try {
    const container = await startRedisContainer();
    process.env.REDIS_URL = container.url;
    console.log(`Redis tests use a container: ${container.url} (no REDIS_URL, nothing at ${localTestRedisUrl()})`);
    return async () => {
      await container.stop();
    };
  } catch (error) {
    process.env[CONTAINER_FAILURE_ENV] = (error as Error).message;
    return undefined;
  }
}
