// Unit tests of the token buckets: a burst, then the sustained rate, per key.

import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill, per key', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 1, clock: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a'), 'the fourth waits about a second').toBe(1);
    expect(limiter.take('b'), 'another key has its own bucket').toBe(0);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('says how long to wait for a slow rate', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 / 6, clock: () => 0 });
    limiter.take('ip');
    expect(limiter.take('ip')).toBe(6);
    expect(limiter.allows('ip')).toBe(false);
  });

  it('is not drained by a clock that steps back', () => {
    let now = 10_000;
    const limiter = new RateLimiter({ burst: 2, perSecond: 1, clock: () => now });
    limiter.take('a');
    now = 0;
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets keys past maxKeys instead of growing without bound', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 1, maxKeys: 100, clock: () => 0 });
    for (let i = 0; i < 1000; i += 1) limiter.take(`key-${i}`);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});
