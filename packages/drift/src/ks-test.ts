// Two-sample Kolmogorov-Smirnov test: exact statistic from sorted samples (ties handled), exact or asymptotic p-value.

import { ksExactPValue } from './ks-exact';

/**
 * The KS statistic D = max |F(x) - G(x)| of two empirical CDFs, from sorted samples.
 * Walks the merged samples one distinct value at a time, consuming every copy of a tied value from both
 * samples before comparing, so ties never create a spurious jump; O(n + m).
 * @param a sorted ascending (see `sortedSample`); @param b sorted ascending.
 * @example ksStatistic(Float64Array.of(1, 2), Float64Array.of(2, 3)) // 0.5
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  // #region solution step 2: walk both sorted samples one distinct value at a time, keep the largest |F - G|
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  // Once one sample is used up its CDF is 1 and the other only climbs towards 1: the gap only shrinks.
  return d;
  // #endregion solution
}

/**
 * Survival function of the Kolmogorov distribution, P(K > x) (scipy's `kstwobign.sf`).
 * For x >= 1 the alternating series 2 Σ (-1)^(k-1) exp(-2k²x²); below, 1 minus the Jacobi-theta form
 * √(2π)/x Σ exp(-(2k-1)²π²/(8x²)), each converging in a few terms where the other is slow.
 */
export function kolmogorovSurvival(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1) {
    let sum = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * x * x));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / x) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-300 || term < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sided asymptotic p-value of a KS statistic from the limiting Kolmogorov distribution,
 * `kstwobign.sf(D * sqrt(n*m/(n+m)))` (scipy before 1.5; scipy's `mode='asymp'` now uses the finite-n
 * `kstwo.sf(D, round(n*m/(n+m)))`, a few per cent larger or smaller in relative terms near p = 0.05).
 */
export function ksPValue(d: number, n: number, m: number): number {
  // #region solution step 3: the Kolmogorov survival function at D times the square root of the effective sample size
  return kolmogorovSurvival(d * Math.sqrt((n * m) / (n + m)));
  // #endregion solution
}

/** How a p-value was computed. */
export type KsPValueMethod = 'exact' | 'asymp';

/** Largest sample for the exact p-value, scipy's `MAX_AUTO_N` in `ks_2samp(method='auto')`. */
export const KS_EXACT_MAX_N = 10_000;
/** Largest n·m for the exact p-value (its cost), so a check stays well under a second per feature. */
export const KS_EXACT_MAX_CELLS = 20_000_000;

/** How a p-value is chosen, scipy's `ks_2samp(method=...)`: `auto` exact for small samples, `asymp` always asymptotic. */
export type KsMethod = 'auto' | 'asymp';

/** Result of {@link ksTest}. */
export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly pValueMethod: KsPValueMethod;
}

/**
 * The two-sided p-value of a KS statistic for samples of n and m values, like scipy's `ks_2samp`: with `auto`,
 * exact when both samples have <= 10,000 values (and n·m <= 2e7 here, its cost), otherwise asymptotic.
 */
export function ksPValueOf(d: number, n: number, m: number, method: KsMethod = 'auto'): Omit<KsResult, 'statistic'> {
  const exact = method === 'auto' && Math.max(n, m) <= KS_EXACT_MAX_N && n * m <= KS_EXACT_MAX_CELLS;
  return exact ? { pValue: ksExactPValue(d, n, m), pValueMethod: 'exact' } : { pValue: ksPValue(d, n, m), pValueMethod: 'asymp' };
}

/**
 * KS statistic and p-value of two sorted samples, like scipy's default `ks_2samp(method='auto')` that Evidently
 * calls (see {@link ksPValueOf}).
 */
export function ksTest(a: Float64Array, b: Float64Array, method: KsMethod = 'auto'): KsResult {
  const statistic = ksStatistic(a, b);
  return { statistic, ...ksPValueOf(statistic, a.length, b.length, method) };
}
