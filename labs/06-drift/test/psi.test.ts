// Step 4: the Population Stability Index over binned shares, with empty bins filled so the logarithm stays finite.

import { describe, expect, it } from 'vitest';
import { fillEmptyBins, psi } from '@lab/binned';

const f = (...values: number[]): Float64Array => Float64Array.from(values);

describe('step 4: fillEmptyBins', () => {
  it('gives an empty bin 0.0001 and leaves the others as they are', () => {
    expect(Array.from(fillEmptyBins(f(0.5, 0, 0.5)))).toEqual([0.5, 0.0001, 0.5]);
    expect(Array.from(fillEmptyBins(f(0.25, 0.75)))).toEqual([0.25, 0.75]);
  });

  it('uses the epsilon it is given', () => {
    expect(Array.from(fillEmptyBins(f(0, 1), 0.01))).toEqual([0.01, 1]);
  });

  it('fills with a millionth of the smallest share when that share is itself <= epsilon (Evidently\'s feel_zeroes)', () => {
    expect(Array.from(fillEmptyBins(f(0, 0.00005, 0.99995)))).toEqual([0.00005 / 1e6, 0.00005, 0.99995]);
    expect(Array.from(fillEmptyBins(f(0, 0.0001, 0.9999))), 'exactly epsilon counts as small').toEqual([0.0001 / 1e6, 0.0001, 0.9999]);
    expect(Array.from(fillEmptyBins(f(0, 0.00011, 0.99989))), 'just above epsilon: the epsilon').toEqual([0.0001, 0.00011, 0.99989]);
  });

  it('returns a new array (the histogram keeps its empty bins)', () => {
    const shares = f(0, 1);
    expect(fillEmptyBins(shares)).not.toBe(shares);
    expect(Array.from(shares)).toEqual([0, 1]);
  });
});

describe('step 4: psi', () => {
  it('is Σ (r - c) · ln(r / c): [0.5, 0.5] vs [0.25, 0.75] is 0.2747', () => {
    // 0.25 · ln 2 + 0.25 · ln(1.5) = 0.173287 + 0.101366
    expect(psi(f(0.5, 0.5), f(0.25, 0.75))).toBeCloseTo(0.274653072, 8);
    expect(psi(f(0.25, 0.75), f(0.5, 0.5)), 'symmetric').toBeCloseTo(0.274653072, 8);
  });

  it('is 0 for the same shares and adds every bin', () => {
    expect(psi(f(0.2, 0.3, 0.5), f(0.2, 0.3, 0.5))).toBe(0);
    expect(psi(f(0.1, 0.2, 0.7), f(0.2, 0.2, 0.6))).toBeCloseTo(0.1 * Math.log(2) + 0.1 * Math.log(7 / 6), 12);
  });

  it('stays finite with empty bins once they are filled (no Infinity, no NaN)', () => {
    const value = psi(fillEmptyBins(f(0.5, 0.5, 0)), fillEmptyBins(f(0, 0.5, 0.5)));
    expect(Number.isFinite(value), 'an empty bin without the fill gives ln(0) = -Infinity').toBe(true);
    expect(value).toBeCloseTo(2 * 0.4999 * Math.log(0.5 / 0.0001), 10);
  });

  it('white wines against red on 10 shared bins (total sulfur dioxide: red has empty bins): 5.3474', () => {
    const red = f(0.6517, 0.247, 0.0832, 0.0169, 0, 0, 0.0013, 0, 0, 0);
    const white = f(0.0094, 0.1192, 0.3912, 0.3036, 0.1472, 0.0274, 0.0012, 0.0004, 0.0002, 0.0002);
    expect(psi(fillEmptyBins(red), fillEmptyBins(white))).toBeCloseTo(5.347425, 5);
  });
});
