// A fixed-window rate limit in Redis, shared by every process that uses the same key prefix.

import type { Redis } from 'ioredis';
import { execOrThrow } from '@mlops/redis';

/** At most `limit` events per `windowSeconds`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** What one attempt got: allowed or not, and when to retry. */
export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window ends. */
  readonly retryAfterSeconds: number;
}

/**
 * Counts one event in the current window of `bucket` (INCR, and EXPIRE on the window's first event) and says whether
 * it is within the limit. `key(window)` names the counter of a window number.
 */
export async function consumeRateLimit(redis: Redis, key: (window: number) => string, rule: RateLimit, now = Date.now()): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const window = Math.floor(now / windowMs);
  const counter = key(window);
  const [incremented] = await execOrThrow(redis.multi().incr(counter).expire(counter, rule.windowSeconds + 1));
  const used = Number(incremented);
  return { allowed: used <= rule.limit, remaining: Math.max(0, rule.limit - used), retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)) };
}

/** Gives back an event counted by {@link consumeRateLimit} that did not happen after all. */
export async function refundRateLimit(redis: Redis, key: (window: number) => string, rule: RateLimit, now = Date.now()): Promise<void> {
  await redis.decr(key(Math.floor(now / (rule.windowSeconds * 1000))));
}
