// Step 3: the canary split is sticky per request id, exact at 0% and 100%, grows without moving requests back, salted per rollout.

import { describe, expect, it } from 'vitest';
import { canaryBucket, routesToCanary } from '@lab/canary-split';

const ids = Array.from({ length: 4000 }, (_, i) => `req-${i}`);
const SALT = 'wine-quality:2';

describe('step 3: routesToCanary', () => {
  it('answers the same for the same request id every time (a retry sees the same model)', () => {
    const first = ids.map((id) => routesToCanary(id, 30, SALT));
    const again = ids.map((id) => routesToCanary(id, 30, SALT));
    expect(again, 'no Math.random(): hash the request id (canaryBucket)').toEqual(first);
  });

  it('sends a request to the canary exactly when its bucket is below the percent', () => {
    for (const percent of [1, 10, 50, 99]) {
      const wrong = ids.filter((id) => routesToCanary(id, percent, SALT) !== canaryBucket(id, SALT) < percent);
      expect(wrong.slice(0, 3), `at ${percent}%: canaryBucket(requestId, salt) < percent`).toEqual([]);
    }
  });

  it('sends about the configured share', () => {
    const share = ids.filter((id) => routesToCanary(id, 10, SALT)).length / ids.length;
    expect(share, '10% of the requests').toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('sends nothing at 0% and everything at 100%', () => {
    expect(ids.filter((id) => routesToCanary(id, 0, SALT)).length, 'bucket 0 is not below 0%: use <, not <=').toBe(0);
    expect(ids.filter((id) => routesToCanary(id, 100, SALT)).length).toBe(ids.length);
  });

  it('only adds requests when the share grows: a canary request at 10% stays on the canary at 25%', () => {
    const leaving = ids.filter((id) => routesToCanary(id, 10, SALT) && !routesToCanary(id, 25, SALT));
    expect(leaving, 'compare the bucket with the percent; do not hash the percent in').toEqual([]);
  });

  it('gives each rollout its own set of requests (the salt is used)', () => {
    const a = ids.filter((id) => routesToCanary(id, 10, 'wine-quality:2'));
    const b = new Set(ids.filter((id) => routesToCanary(id, 10, 'wine-quality:3')));
    const both = a.filter((id) => b.has(id)).length;
    expect(both / a.length, 'pass the salt to canaryBucket: the same 10% of callers would be the guinea pigs of every rollout').toBeLessThan(0.3);
  });
});
