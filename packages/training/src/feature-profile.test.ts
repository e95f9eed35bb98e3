// Tests of the feature profile used as the drift reference: quantiles, histogram and moments.

import { describe, expect, it } from 'vitest';
import { histogram, profileFeatures, quantile } from './feature-profile';

describe('profileFeatures', () => {
  it('interpolates quantiles like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  it('bins every value, the maximum into the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4, 10], 0, 10, 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 1, 0, 1]);
  });

  it('describes each column with range, mean, std, quantiles and a 20-bin histogram', () => {
    const rows = Array.from({ length: 101 }, (_, i) => [i, 5]);
    const [ramp, constant] = profileFeatures(rows, ['ramp', 'constant'], ['ramp', 'constant']);
    expect(ramp).toMatchObject({ min: 0, max: 100, mean: 50, quantiles: { p1: 1, p50: 50, p99: 99 } });
    expect(ramp!.histogram.counts).toHaveLength(20);
    expect(ramp!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(101);
    expect(constant).toMatchObject({ min: 5, max: 5, std: 0 });
  });
});
