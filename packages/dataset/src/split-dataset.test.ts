// Tests of the seeded shuffle and split: reproducible, disjoint, complete, and actually shuffled.

import { describe, expect, it } from 'vitest';
import { mulberry32, seededShuffle, splitDataset } from './split-dataset';

const ids = Array.from({ length: 1000 }, (_, i) => i);

describe('seededShuffle', () => {
  it('gives the same order for the same seed and another order for another seed', () => {
    expect(seededShuffle(ids, 7)).toEqual(seededShuffle(ids, 7));
    expect(seededShuffle(ids, 7)).not.toEqual(seededShuffle(ids, 8));
  });

  it('keeps every item and leaves the input untouched', () => {
    const copy = ids.slice();
    const shuffled = seededShuffle(ids, 1);
    expect(ids).toEqual(copy);
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(ids);
    expect(shuffled).not.toEqual(ids);
  });

  it('draws from a PRNG with values in [0, 1)', () => {
    const random = mulberry32(42);
    const values = Array.from({ length: 10_000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('splitDataset', () => {
  it('splits the same rows with the same seed identically', () => {
    expect(splitDataset(ids, { seed: 42, validation: 0.15, test: 0.15 })).toEqual(splitDataset(ids, { seed: 42, validation: 0.15, test: 0.15 }));
  });

  it('makes disjoint parts of the requested sizes that cover every row', () => {
    const { train, validation, test } = splitDataset(ids, { seed: 3, validation: 0.1, test: 0.2 });
    expect([train.length, validation.length, test.length]).toEqual([700, 100, 200]);
    expect(new Set([...train, ...validation, ...test]).size).toBe(1000);
  });

  it('shuffles before cutting so an ordered file does not put its tail in the test set', () => {
    const { test } = splitDataset(ids, { seed: 5, validation: 0.15, test: 0.15 });
    expect(Math.max(...test) - Math.min(...test)).toBeGreaterThan(900);
  });

  it('rejects fractions that leave no training rows', () => {
    expect(() => splitDataset(ids, { seed: 1, validation: 0.5, test: 0.5 })).toThrow(/must leave rows for training/);
  });
});
