import { describe, expect, it } from 'vitest';
import { sortedSample, meanAndStd } from './sorted-sample';
import { normedWasserstein, wassersteinDistance } from './wasserstein';

const s = (...values: number[]): Float64Array => sortedSample(values);

describe('wassersteinDistance', () => {
  it('is the distance of two single points', () => {
    expect(wassersteinDistance(s(0), s(3))).toBe(3);
  });

  it('is the shift of a shifted sample', () => {
    expect(wassersteinDistance(s(0, 1, 3), s(5, 6, 8))).toBeCloseTo(5, 12);
  });

  it('is 0 for identical samples', () => {
    expect(wassersteinDistance(s(1, 1, 2, 7), s(7, 2, 1, 1))).toBe(0);
  });

  it('handles ties: [1,1,2] vs [1,2,2] is 1/3 (|2/3 - 1/3| on [1, 2))', () => {
    expect(wassersteinDistance(s(1, 1, 2), s(1, 2, 2))).toBeCloseTo(1 / 3, 15);
  });

  it('handles samples of different sizes: [0, 2] vs [1] is 1', () => {
    // |.5 - 0| on [0,1) + |.5 - 1| on [1,2)
    expect(wassersteinDistance(s(0, 2), s(1))).toBeCloseTo(1, 15);
  });
});

describe('normedWasserstein and meanAndStd', () => {
  it('uses the population std (ddof = 0) and floors it at 0.001', () => {
    expect(meanAndStd([1, 3])).toEqual({ mean: 2, std: 1 });
    expect(normedWasserstein(0.5, 2)).toBe(0.25);
    expect(normedWasserstein(0.5, 0)).toBe(500);
  });
});

describe('sortedSample', () => {
  it('sorts numerically without touching the input and rejects empty or non-finite samples', () => {
    const input = [10, 9, 1];
    expect([...sortedSample(input)]).toEqual([1, 9, 10]);
    expect(input).toEqual([10, 9, 1]);
    expect(() => sortedSample([])).toThrow(/empty/);
    expect(() => sortedSample([1, Number.NaN])).toThrow(/not a finite number/);
  });
});
