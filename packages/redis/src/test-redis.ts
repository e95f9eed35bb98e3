// Test helper: a real Redis for tests (REDIS_URL, a local server, or a testcontainers Redis) and unique prefixes.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redactRedisUrl } from './redis-url';
import { CONTAINER_FAILURE_ENV } from './test-redis-global-setup';
import { localTestRedisUrl, REDIS_TEST_IMAGE, startRedisContainer } from './test-redis-container';
import { reachableRedis } from './test-redis-probe';

/** A Redis a test suite can use. */
export interface TestRedis {
  /** Connection URL. */
  readonly url: string;
  /** Where it came from, for logs. */
  readonly source: 'REDIS_URL' | 'local' | 'testcontainers';
  /** Stops the container when this helper started one; otherwise does nothing. */
  stop(): Promise<void>;
}

let shared: Promise<TestRedis | undefined> | undefined;

async function start(): Promise<TestRedis | undefined> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv) {
    if (await reachableRedis(fromEnv, 3000)) return { url: fromEnv, source: 'REDIS_URL', stop: async () => {} };
    return unavailable(`REDIS_URL=${redactRedisUrl(fromEnv)} is set but Redis does not answer there`);
  }
  const local = localTestRedisUrl();
  if (await reachableRedis(local, 500)) return { url: local, source: 'local', stop: async () => {} };
  // The vitest global set-up (vitest.shared.ts) already tried a container for this run: say why it failed.
  const failedBefore = process.env[CONTAINER_FAILURE_ENV];
  if (failedBefore) return unavailable(`no REDIS_URL, nothing on ${redactRedisUrl(local)}, and ${failedBefore}`);
  // Outside that set-up (e.g. a lab's own vitest config): a container for this process, stopped at exit by Ryuk or stop().
  try {
    const container = await startRedisContainer();
    return { url: container.url, source: 'testcontainers', stop: container.stop };
  } catch (error) {
    return unavailable(`no REDIS_URL, nothing on ${redactRedisUrl(local)}, and ${(error as Error).message}`);
  }
}

function unavailable(reason: string): undefined {
  const message = `Redis tests need a Redis: ${reason}. Start one (\`docker compose up -d redis\`, or \`redis-server\`) or set REDIS_URL.`;
  // In CI a skipped suite would hide a broken set-up: fail loudly instead.
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING Redis tests. ${message}`);
  return undefined;
}

/**
 * A Redis for tests, or `undefined` (with a clear warning) when none can be found; with `CI` set it
 * throws instead of skipping. Order: `REDIS_URL` (set by the vitest global set-up when it started a container),
 * a server at `$TEST_REDIS_LOCAL_URL` or 127.0.0.1:6379, then a {@link REDIS_TEST_IMAGE} container started with
 * testcontainers. One Redis is shared by all callers in a process.
 * @example
 * const redis = await startTestRedis();
 * describe.skipIf(!redis)('the queue', () => { ... });
 */
export function startTestRedis(): Promise<TestRedis | undefined> {
  shared ??= start();
  return shared;
}

/**
 * A prefix no other test uses, for queue names and keys: `test-<uuid>`.
 * @example new Queue(uniquePrefix(), { connection, prefix: uniquePrefix() })
 */
export function uniquePrefix(label = 'test'): string {
  return `${label}-${randomUUID()}`;
}

/** Deletes every key that starts with `prefix` (SCAN, not KEYS). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
