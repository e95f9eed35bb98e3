// Tests of the canary split, above all the tempting wrong answers: a split random per request, one that moves
// requests between models when the share grows, an off-by-one at the boundary, a badly mixed hash.

import { describe, expect, it } from 'vitest';
import { canaryBucket, fnv1a32, routesToCanary } from './canary-split';

const ids = (n: number, prefix = 'req-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors, over UTF-8 bytes', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('é')).not.toBe(fnv1a32('\u00e9'.normalize('NFD')));
  });
});

describe('canaryBucket and routesToCanary', () => {
  it('sends the same request id to the same model every time: a retry never changes model', () => {
    for (const id of ids(200)) {
      const first = routesToCanary(id, 10, 'wine-quality:2');
      for (let i = 0; i < 5; i++) expect(routesToCanary(id, 10, 'wine-quality:2'), id).toBe(first);
    }
    // Fixed values: the split is the same in every process, on every machine, after every restart.
    expect(ids(8).map((id) => canaryBucket(id, 'wine-quality:2'))).toEqual([87, 84, 16, 41, 23, 14, 27, 98]);
  });

  it('gives the canary its share of the traffic, also for ids that differ only in their last character', () => {
    for (const percent of [1, 10, 50]) {
      const share = ids(20_000).filter((id) => routesToCanary(id, percent, 'wine-quality:2')).length / 20_000;
      expect(Math.abs(share - percent / 100), `share at ${percent}%`).toBeLessThan(0.01);
    }
    const buckets = new Array<number>(100).fill(0);
    for (const id of ids(50_000, 'b')) buckets[canaryBucket(id)]!++;
    expect(Math.min(...buckets)).toBeGreaterThan(380);
    expect(Math.max(...buckets)).toBeLessThan(620);
  });

  it('uses every bucket even for ids whose characters share their low bits (a hash without a final mix would not)', () => {
    const letters = 'aeimquy'; // all 1 modulo 4
    const used = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      let id = '';
      for (let n = i; id.length < 6; n = Math.floor(n / letters.length)) id += letters[n % letters.length];
      used.add(canaryBucket(id));
    }
    expect(used.size).toBe(100);
  });

  it('keeps every request on the canary when the share grows (no request flips back to production)', () => {
    const at10 = ids(5000).filter((id) => routesToCanary(id, 10, 's'));
    expect(at10.every((id) => routesToCanary(id, 20, 's'))).toBe(true);
    expect(ids(5000).filter((id) => routesToCanary(id, 20, 's')).length).toBeGreaterThan(at10.length);
  });

  it('sends nothing at 0%, everything at 100%, and bucket b to the canary exactly when b < percent', () => {
    const sample = ids(2000);
    expect(sample.some((id) => routesToCanary(id, 0))).toBe(false);
    expect(sample.every((id) => routesToCanary(id, 100))).toBe(true);
    for (const id of sample.slice(0, 300)) {
      const bucket = canaryBucket(id);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
      expect(Number.isInteger(bucket)).toBe(true);
      expect(routesToCanary(id, bucket)).toBe(false);
      expect(routesToCanary(id, bucket + 1)).toBe(true);
    }
  });

  it('picks another set of requests for another rollout (salt)', () => {
    const a = ids(2000).filter((id) => routesToCanary(id, 10, 'wine-quality:2'));
    const b = new Set(ids(2000).filter((id) => routesToCanary(id, 10, 'wine-quality:3')));
    expect(a.filter((id) => b.has(id)).length).toBeLessThan(a.length / 2);
  });

  it('refuses a share that is not a whole percent in [0, 100]', () => {
    for (const percent of [-1, 101, 2.5, Number.NaN]) {
      expect(() => routesToCanary('r', percent), String(percent)).toThrow(expect.objectContaining({ code: 'INVALID_CANARY_POLICY' }));
    }
  });
});
