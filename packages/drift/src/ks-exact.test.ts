import { describe, expect, it } from 'vitest';
import { ksExactPValue } from './ks-exact';

describe('ksExactPValue', () => {
  it('counts paths by hand: [1,2] vs [3,4] (D = 1) is 2 of the 6 orderings', () => {
    expect(ksExactPValue(1, 2, 2)).toBeCloseTo(1 / 3, 15);
  });

  it('matches scipy ks_2samp(method="exact") on small unequal samples', () => {
    // [1,2,2,3] vs [2,2,3,4,5]: D = |1 - 0.6| = 0.4 at 3; [1,2,3] vs [1.5,2.5,3.5,4.5]: D = 0.5 at 3
    expect(ksExactPValue(0.4, 4, 5)).toBeCloseTo(0.7460317460317459, 13);
    expect(ksExactPValue(0.5, 3, 4)).toBeCloseTo(0.6571428571428571, 13);
  });

  it('is 1 when D = 0 and keeps tiny p-values precise (scipy: 300 x 400, D = 0.27333: 9.523154406919802e-12)', () => {
    expect(ksExactPValue(0, 10, 10)).toBe(1);
    const p = ksExactPValue(0.2733333333333333, 300, 400);
    expect(Math.abs(p / 9.523154406919802e-12 - 1)).toBeLessThan(1e-6);
  });
});
