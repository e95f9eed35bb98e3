import { describe, expect, it } from 'vitest';
import { resolveDriftOptions } from './drift-options';
import { profileCdf, profileFeatureDrift, profileKsAndWasserstein } from './profile-drift';
import { sortedSample } from './sorted-sample';

const uniform02 = { name: 'x', std: 0.5, histogram: { edges: [0, 1, 2], counts: [5, 5] } };

describe('profileCdf', () => {
  it('is linear inside bins, 0 below and 1 above the edges', () => {
    const { at } = profileCdf(uniform02);
    expect([at(-1), at(0), at(0.5), at(1), at(1.5), at(2), at(3)]).toEqual([0, 0, 0.25, 0.5, 0.75, 1, 1]);
  });

  it('uses the quantiles as extra knots, kept monotone', () => {
    const { at } = profileCdf({ ...uniform02, quantiles: { p50: 0.2, p99: 1.98 } });
    expect(at(0.2)).toBeCloseTo(0.5, 15);
    expect(at(0.1)).toBeCloseTo(0.25, 15);
    expect(at(1)).toBe(0.5); // the edge's 0.5 cannot fall below the quantile's 0.5 before it
  });
});

describe('profileKsAndWasserstein', () => {
  it('measures one point at the middle of a uniform profile: D = 0.5, W1 = 0.5', () => {
    const { ks, wasserstein } = profileKsAndWasserstein(uniform02, sortedSample([1]));
    expect(ks).toBeCloseTo(0.5, 15);
    expect(wasserstein).toBeCloseTo(0.5, 15);
  });

  it('measures a sample far above the profile: D = 1, W1 = distance to the mean', () => {
    const { ks, wasserstein } = profileKsAndWasserstein(uniform02, sortedSample([11, 11]));
    expect(ks).toBe(1);
    expect(wasserstein).toBeCloseTo(10, 12);
  });

  it('counts values outside the profile in the underflow and overflow bins of PSI', () => {
    const f = profileFeatureDrift(uniform02, sortedSample([-5, 0.5, 1.5, 9]), resolveDriftOptions());
    expect(f.test).toBe('ks'); // 10 reference rows
    expect(f.histogram.current).toEqual([0.25, 0.25]);
    expect(f.psi).toBeGreaterThan(1);
  });
});
