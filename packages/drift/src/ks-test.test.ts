import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival, ksPValue, ksStatistic, ksTest } from './ks-test';
import { sortedSample } from './sorted-sample';

const s = (...values: number[]): Float64Array => sortedSample(values);

describe('ksStatistic', () => {
  it('is 0 for identical samples, ties included', () => {
    expect(ksStatistic(s(1, 2, 2, 3), s(1, 2, 2, 3))).toBe(0);
  });

  it('consumes every copy of a tied value in both samples before comparing (0.25, not 0.5)', () => {
    // F: 1→.25, 2→.75, 3→1; G: 2→.5, 3→.75, 4→1. Stepping one copy of 2 at a time would see |.5 - 0| = .5.
    expect(ksStatistic(s(1, 2, 2, 3), s(2, 2, 3, 4))).toBeCloseTo(0.25, 15);
  });

  it('counts the value itself in the ECDF (F(x) = #{<= x}/n): [1,2] vs [2,3] is 0.5', () => {
    expect(ksStatistic(s(1, 2), s(2, 3))).toBe(0.5);
  });

  it('is 1 for disjoint samples of different sizes', () => {
    expect(ksStatistic(s(1, 2, 3), s(4))).toBe(1);
    expect(ksStatistic(s(4), s(1, 2, 3))).toBe(1);
  });

  it('does not depend on the input order once sorted: unsorted input goes through sortedSample', () => {
    expect(ksStatistic(sortedSample([3, 1, 2, 2]), sortedSample([4, 2, 3, 2]))).toBeCloseTo(0.25, 15);
  });

  it('finds the gap at the end of the shorter sample (unequal sizes)', () => {
    // F: .5 at 1, 1 at 5; G: 1/3 at 2, 2/3 at 3, 1 at 4. Max gap at 4: |.5 - 1| = .5
    expect(ksStatistic(s(1, 5), s(2, 3, 4))).toBeCloseTo(0.5, 15);
  });
});

describe('kolmogorovSurvival and the p-value', () => {
  it('matches scipy.stats.kstwobign.sf on both sides of the series switch', () => {
    expect(kolmogorovSurvival(1)).toBeCloseTo(0.26999967167735456, 14);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 14);
    expect(kolmogorovSurvival(1.3580986393225505)).toBeCloseTo(0.05, 12);
    expect(kolmogorovSurvival(2)).toBeCloseTo(0.0006709252557796953, 16);
  });

  it('is 1 at 0 and decreasing', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(0.99)).toBeGreaterThan(kolmogorovSurvival(1.01));
  });

  it('scales D by sqrt(n*m/(n+m)) like scipy mode="asymp"', () => {
    expect(ksPValue(0.1, 100, 100)).toBeCloseTo(kolmogorovSurvival(0.1 * Math.sqrt(50)), 15);
    expect(ksTest(s(1, 2, 3), s(1, 2, 3))).toEqual({ statistic: 0, pValue: 1, pValueMethod: 'exact' });
  });

  it('uses the exact p-value for small samples and the asymptotic one above 10,000 values', () => {
    expect(ksTest(s(1, 2), s(3, 4))).toEqual({ statistic: 1, pValue: expect.closeTo(1 / 3, 15) as number, pValueMethod: 'exact' });
    const big = new Float64Array(10_001).map((_, i) => i);
    expect(ksTest(s(0.5), big).pValueMethod).toBe('asymp');
  });

  it('uses the asymptotic p-value for any size with method asymp', () => {
    expect(ksTest(s(1, 2), s(3, 4), 'asymp')).toEqual({ statistic: 1, pValue: ksPValue(1, 2, 2), pValueMethod: 'asymp' });
  });
});
