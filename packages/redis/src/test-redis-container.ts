// Test helper: a throwaway Redis in Docker (testcontainers), for test runs where no Redis answers.

import { DEFAULT_REDIS_URL } from './redis-url';

/** The Redis image of docker-compose.yml: tests and the workshop stack run the same Redis. */
export const REDIS_TEST_IMAGE = 'redis:7.4-alpine';

/** Where the test set-up looks for a local Redis when `REDIS_URL` is unset: `$TEST_REDIS_LOCAL_URL`, else {@link DEFAULT_REDIS_URL}. */
export function localTestRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_REDIS_LOCAL_URL?.trim() || DEFAULT_REDIS_URL;
}

/** A Redis container started for tests. */
export interface RedisContainer {
  /** `redis://<host>:<mapped port>`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts {@link REDIS_TEST_IMAGE} with testcontainers (no eviction, no persistence, like the compose service).
 * Where the Ryuk reaper image cannot be pulled, set `TESTCONTAINERS_RYUK_DISABLED=true`; to reach the container
 * through the loopback address, `TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1`.
 * @throws Error with the first line of testcontainers' reason (no Docker engine, image missing, ...).
 */
export async function startRedisContainer(): Promise<RedisContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  /** Published on 127.0.0.1 only (testcontainers binds every interface): this Redis has no password. */
  class LoopbackRedisContainer extends GenericContainer {
    constructor() {
      super(REDIS_TEST_IMAGE);
      this.withExposedPorts(6379);
      this.hostConfig.PortBindings = { '6379/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] };
    }
  }
  try {
    const container = await new LoopbackRedisContainer()
      .withCommand(['redis-server', '--maxmemory-policy', 'noeviction', '--save', '', '--appendonly', 'no'])
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start();
    return { url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`, stop: async () => void (await container.stop()) };
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? String(error)).trim();
    // Before the Redis image, testcontainers pulls its reaper (Ryuk) image: where registries are out of reach, that fails.
    const ryukOn = process.env.TESTCONTAINERS_RYUK_DISABLED !== 'true';
    const hint = ryukOn && /ryuk|registry|pull/i.test(reason) ? ' (if the reaper image cannot be pulled here, set TESTCONTAINERS_RYUK_DISABLED=true)' : '';
    throw new Error(`testcontainers could not start ${REDIS_TEST_IMAGE}: ${reason}${hint}`);
  }
}
