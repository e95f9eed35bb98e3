// Checks Redis's maxmemory-policy: BullMQ loses jobs silently if Redis may evict keys.

import type { Redis } from 'ioredis';

/** The outcome of {@link checkEvictionPolicy}. */
export interface EvictionPolicyCheck {
  /** The policy Redis reports, or `unknown` when CONFIG GET is not allowed (managed Redis). */
  readonly policy: string;
  readonly ok: boolean;
  /** What to do, when not ok. */
  readonly warning?: string;
}

/**
 * Reads `maxmemory-policy` and warns unless it is `noeviction`: with any other policy Redis may delete
 * queue or result keys under memory pressure and batches would lose rows without an error.
 * @param warn called with the warning text when the policy is wrong. @defaultValue console.warn
 * @example await checkEvictionPolicy(redis, (msg) => logger.warn(msg));
 */
export async function checkEvictionPolicy(
  redis: Redis,
  warn: (message: string) => void = (message) => console.warn(message),
): Promise<EvictionPolicyCheck> {
  let policy = 'unknown';
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    policy = reply[1] ?? 'unknown';
  } catch {
    // CONFIG is often disabled on managed Redis: say so, do not fail.
    const warning = 'could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is "noeviction" for BullMQ';
    warn(warning);
    return { policy, ok: false, warning };
  }
  if (policy === 'noeviction') return { policy, ok: true };
  const warning = `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or queued jobs and results may be evicted. Fix: redis-cli CONFIG SET maxmemory-policy noeviction (and set it in redis.conf)`;
  warn(warning);
  return { policy, ok: false, warning };
}
