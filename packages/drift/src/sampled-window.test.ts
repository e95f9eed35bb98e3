import { describe, expect, it } from 'vitest';
import { SampledWindow } from './sampled-window';

/** A seeded uniform generator (mulberry32), so sampling is repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rowsOf = (...values: number[][]): Float32Array => Float32Array.from(values.flat());

describe('SampledWindow', () => {
  it('keeps the most recent rows once full, overwriting the oldest', () => {
    const w = new SampledWindow(2, { capacity: 3 });
    w.add(rowsOf([1, 10], [2, 20]), 2);
    w.add(rowsOf([3, 30], [4, 40], [5, 50]), 3);
    expect(w.size).toBe(3);
    expect(w.seen).toBe(5);
    const [a, b] = w.columns();
    expect([...a!].sort()).toEqual([3, 4, 5]);
    expect([...b!].sort()).toEqual([30, 40, 50]);
  });

  it('has flat memory: 200,000 rows later the storage is the bytes allocated at creation', () => {
    const w = new SampledWindow(11, { capacity: 1000 });
    const before = w.bytes;
    const block = new Float32Array(1000 * 11).fill(1);
    for (let k = 0; k < 200; k++) w.add(block, 1000);
    expect(w.seen).toBe(200_000);
    expect(w.size).toBe(1000);
    expect(w.bytes).toBe(before);
    expect(before).toBe(1000 * 11 * 8);
  });

  it('samples each row with sampleRate: 10% of 20,000 rows is about 2,000', () => {
    const w = new SampledWindow(1, { capacity: 100_000, sampleRate: 0.1, random: seeded(7) });
    const kept = w.add(Float32Array.from({ length: 20_000 }, (_, i) => i), 20_000);
    expect(kept).toBe(w.size);
    expect(kept).toBeGreaterThan(1800); // binomial(20000, 0.1): mean 2000, sd 42
    expect(kept).toBeLessThan(2200);
  });

  it('skips rows with a value that is not finite (rows the scorer rejected) and counts them', () => {
    const w = new SampledWindow(2, { capacity: 10 });
    expect(w.add(rowsOf([1, 2], [Number.NaN, 3], [4, Infinity], [5, 6]), 4)).toBe(2);
    expect(w.skipped).toBe(2);
    expect(w.columns()[0]).toEqual(Float64Array.of(1, 5));
  });

  it('rejects a capacity, rate or block that cannot work', () => {
    expect(() => new SampledWindow(2, { capacity: 0 })).toThrow(/capacity/);
    expect(() => new SampledWindow(2, { capacity: 1e9 })).toThrow(/capacity/);
    expect(() => new SampledWindow(2, { sampleRate: 0 })).toThrow(/sampleRate/);
    expect(() => new SampledWindow(2).add(new Float32Array(3), 2)).toThrow(/expected 4 values/);
  });
});
