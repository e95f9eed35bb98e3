// Test helper: a real Redis for tests (REDIS_URL, a local server, or redis:7-alpine via testcontainers) and unique prefixes.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEFAULT_REDIS_URL, redactRedisUrl } from './redis-url';

/** A Redis a test suite can use. */
export interface TestRedis {
  /** Connection URL. */
  readonly url: string;
  /** Where it came from, for logs. */
  readonly source: 'REDIS_URL' | 'local' | 'testcontainers';
  /** Stops the container when this helper started one; otherwise does nothing. */
  stop(): Promise<void>;
}

async function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

let shared: Promise<TestRedis | undefined> | undefined;

async function start(): Promise<TestRedis | undefined> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv) {
    if (await reachable(fromEnv, 3000)) return { url: fromEnv, source: 'REDIS_URL', stop: async () => {} };
    return unavailable(`REDIS_URL=${redactRedisUrl(fromEnv)} is set but Redis does not answer there`);
  }
  if (await reachable(DEFAULT_REDIS_URL, 500)) return { url: DEFAULT_REDIS_URL, source: 'local', stop: async () => {} };
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('redis:7-alpine')
      .withExposedPorts(6379)
      .withCommand(['redis-server', '--maxmemory-policy', 'noeviction', '--save', ''])
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start();
    const url = `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
    return { url, source: 'testcontainers', stop: async () => void (await container.stop()) };
  } catch (error) {
    return unavailable(`no REDIS_URL, nothing on ${DEFAULT_REDIS_URL}, and testcontainers failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

function unavailable(reason: string): undefined {
  const message = `Redis tests need a Redis: ${reason}. Start one (\`docker run -p 6379:6379 redis:7-alpine\`) or set REDIS_URL.`;
  // In CI a skipped suite would hide a broken set-up: fail loudly instead.
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING Redis tests. ${message}`);
  return undefined;
}

/**
 * A Redis for tests, or `undefined` (with a clear warning) when none can be found; with `CI` set it
 * throws instead of skipping. Order: `REDIS_URL`, a server on 127.0.0.1:6379, then `redis:7-alpine`
 * started with testcontainers. One Redis is shared by all callers in a process.
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
