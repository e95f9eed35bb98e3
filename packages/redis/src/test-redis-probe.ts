// Test helper: does a Redis answer PING at this URL within a time limit?

import { Redis } from 'ioredis';

/** True when a Redis at `url` answers PING within `timeoutMs`; never throws, never retries. */
export async function reachableRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
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
