// Exact two-sided p-value of the two-sample KS statistic: probability mass of lattice paths that leave the band.

/**
 * P(D >= d) under H0 for samples of sizes n and m, exactly (scipy's `ks_2samp(method='exact')` up to rounding).
 * Every ordering of the n + m values is equally likely, i.e. a uniform random monotone lattice path from (0, 0) to
 * (n, m); the path's gap at (i, j) is |i/n - j/m|. A Markov chain with step probabilities (n-i)/(n-i+m-j) walks
 * these paths uniformly, and the p-value is the mass absorbed where |i·m - j·n| >= d·n·m (integers, so no
 * rounding at the boundary). A sum of positive terms: tiny p-values keep their relative precision. O(n·m) time,
 * O(m) memory.
 */
export function ksExactPValue(d: number, n: number, m: number): number {
  if (!(d > 0)) return 1;
  const h = Math.round(d * n * m);
  const outside = (i: number, j: number): boolean => Math.abs(i * m - j * n) >= h;
  let cur = new Float64Array(m + 1);
  let next = new Float64Array(m + 1);
  cur[0] = 1;
  let absorbed = 0;
  for (let i = 0; i <= n; i++) {
    next.fill(0);
    const r = n - i;
    for (let j = 0; j <= m; j++) {
      const p = cur[j]!;
      if (p === 0) continue;
      const c = m - j;
      const total = r + c;
      if (r > 0) {
        const step = (p * r) / total;
        if (outside(i + 1, j)) absorbed += step;
        else next[j]! += step;
      }
      if (c > 0) {
        const step = (p * c) / total;
        if (outside(i, j + 1)) absorbed += step;
        else cur[j + 1]! += step;
      }
    }
    [cur, next] = [next, cur];
  }
  return Math.min(1, absorbed);
}
