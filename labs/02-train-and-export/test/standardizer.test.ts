// Steps 1 and 2: the standardiser, checked numerically on small tables and on the red wines.

import { describe, expect, it } from 'vitest';
import { loadWines } from '@mlops/dataset';
import { fitStandardizer, standardize } from '@lab/standardizer';

describe('step 1: fitStandardizer', () => {
  it('learns the mean of each column', () => {
    const { mean } = fitStandardizer([[1, 10], [3, 10], [5, 16]]);
    expect(mean, 'mean[j] is the average of column j: (1+3+5)/3 = 3 and (10+10+16)/3 = 12').toEqual([3, 12]);
  });

  it('learns the population standard deviation (divide by n, not n-1)', () => {
    const { std } = fitStandardizer([[1, 10], [3, 10], [5, 16]]);
    expect(std, 'std must have one entry per column').toHaveLength(2);
    expect(std[0], 'std of 1, 3, 5 is sqrt(((1-3)² + 0² + (5-3)²) / 3) = 1.633; did you divide by n - 1?').toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(std[1], 'std of 10, 10, 16 is sqrt(8) = 2.828').toBeCloseTo(Math.sqrt(8), 10);
  });

  it('gives a constant column std 1 so standardising never divides by zero', () => {
    expect(fitStandardizer([[7, 1], [7, 2]]).std[0], 'a column whose values are all equal has std 0: use 1 instead').toBe(1);
  });

  it('matches the red wines: mean alcohol 10.42 % vol, std 1.065', async () => {
    const rows = (await loadWines('red')).map((r) => r.features);
    const { mean, std } = fitStandardizer(rows);
    expect(mean, 'one mean per feature: 11').toHaveLength(11);
    expect(mean[10], 'mean of the alcohol column (index 10)').toBeCloseTo(10.423, 3);
    expect(std[10], 'population std of the alcohol column').toBeCloseTo(1.0653, 3);
  });
});

describe('step 2: standardize', () => {
  it('subtracts the mean and divides by the standard deviation, feature by feature', () => {
    expect(standardize([[3, 10], [1, 14]], { mean: [2, 10], std: [0.5, 2] }), '(value - mean[j]) / std[j]').toEqual([[2, 0], [-2, 2]]);
  });

  it('uses the statistics it is given, not those of the rows it scales', () => {
    expect(standardize([[5]], { mean: [1], std: [2] }), 'standardize([[5]], {mean [1], std [2]}) must be [[2]]: never refit on the rows').toEqual([[2]]);
  });

  it('turns the training rows into zero mean and unit variance', async () => {
    const rows = (await loadWines('red')).map((r) => r.features);
    const scaled = standardize(rows, fitStandardizer(rows));
    for (let j = 0; j < 11; j++) {
      const column = scaled.map((r) => r[j]!);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const variance = column.reduce((a, v) => a + (v - mean) ** 2, 0) / column.length;
      expect(Math.abs(mean), `feature ${j} should have mean 0 after standardising`).toBeLessThan(1e-9);
      expect(variance, `feature ${j} should have variance 1 after standardising`).toBeCloseTo(1, 6);
    }
  });

  it('does not modify the rows it is given', () => {
    const rows = [[3, 10]];
    standardize(rows, { mean: [2, 10], std: [1, 1] });
    expect(rows, 'return new arrays (rows.map), do not write into the input').toEqual([[3, 10]]);
  });
});
