// Step 3: the asymptotic KS p-value, the Kolmogorov distribution at D times the root of the effective sample size.

import { describe, expect, it } from 'vitest';
import { ksPValue, ksTest } from '@lab/ks-test';

describe('step 3: ksPValue', () => {
  it('is kstwobign.sf(D * sqrt(n*m/(n+m))): D = 0.2 with 100 and 100 values gives 0.0366', () => {
    // x = 0.2 * sqrt(50) = 1.414; 2 * (exp(-2x²) - exp(-8x²) + ...) = 2 * (e^-4 - e^-16 + ...) = 0.036631
    expect(ksPValue(0.2, 100, 100)).toBeCloseTo(0.036631052707, 10);
  });

  it('uses n*m/(n+m) for samples of different sizes (300 and 100: 75), symmetric in n and m', () => {
    expect(ksPValue(0.1, 300, 100), 'effective size n*m/(n+m) = 75, x = 0.866').toBeCloseTo(0.441305557786, 10);
    expect(ksPValue(0.1, 100, 300)).toBeCloseTo(0.441305557786, 10);
    expect(ksPValue(0.3, 40, 10), 'effective size 8').toBeCloseTo(0.467557999121, 10);
  });

  it('gets small for a clear difference in large samples and is 1 for D = 0', () => {
    expect(ksPValue(0.05, 20_000, 5_000)).toBeCloseTo(4.1223072e-9, 15);
    expect(ksPValue(0, 500, 500)).toBe(1);
  });

  it('is what ksTest reports for samples above 10,000 values (the exact p-value is for small ones)', () => {
    const a = Float64Array.from({ length: 12_000 }, (_, i) => i);
    const b = Float64Array.from({ length: 4_000 }, (_, i) => 600 + 3 * i);
    const result = ksTest(a, b);
    expect(result.pValueMethod).toBe('asymp');
    expect(result.statistic).toBeCloseTo(0.05, 10);
    expect(result.pValue).toBeCloseTo(ksPValue(0.05, 12_000, 4_000), 15);
    expect(result.pValue).toBeCloseTo(6.118046e-7, 12);
  });
});
