// Tests of the standardiser: statistics from training rows, zero mean and unit variance after scaling.

import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardize } from './standardizer';

describe('fitStandardizer', () => {
  it('learns the mean and population standard deviation of each column', () => {
    const stats = fitStandardizer([[1, 10], [3, 10], [5, 16]]);
    expect(stats.mean).toEqual([3, 12]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stats.std[1]).toBeCloseTo(Math.sqrt(8), 12);
  });

  it('gives a constant column std 1 so scaling never divides by zero', () => {
    expect(fitStandardizer([[7], [7]]).std).toEqual([1]);
  });

  it('refuses an empty training set', () => {
    expect(() => fitStandardizer([])).toThrow(/at least one row/);
  });
});

describe('standardize', () => {
  it('scales training rows to zero mean and unit variance', () => {
    const rows = [[1, 200], [2, 100], [6, 400], [3, 300]];
    const scaled = standardize(rows, fitStandardizer(rows));
    for (let j = 0; j < 2; j++) {
      const column = scaled.map((r) => r[j]!);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const variance = column.reduce((a, v) => a + (v - mean) ** 2, 0) / column.length;
      expect(mean).toBeCloseTo(0, 12);
      expect(variance).toBeCloseTo(1, 12);
    }
  });

  it('uses the given statistics, not the rows it scales', () => {
    expect(standardize([[3, 10]], { mean: [2, 10], std: [0.5, 1] })).toEqual([[2, 0]]);
  });
});
