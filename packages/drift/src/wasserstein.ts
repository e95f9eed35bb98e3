// Wasserstein-1 (earth mover's) distance of two samples, exactly, from their empirical CDFs.

/**
 * W1 = ∫ |F(x) - G(x)| dx, the area between the two empirical CDFs (scipy's `wasserstein_distance`).
 * Both CDFs are step functions, so the integral is an exact sum over the gaps between consecutive distinct
 * values of the merged samples: |F - G| on the gap times its width. O(n + m) on sorted input.
 * @param a sorted ascending; @param b sorted ascending.
 * @example wassersteinDistance(Float64Array.of(0), Float64Array.of(3)) // 3
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    if (i === n && j === m) break;
    const next = Math.min(i < n ? a[i]! : Infinity, j < m ? b[j]! : Infinity);
    total += Math.abs(i / n - j / m) * (next - x);
    x = next;
  }
  return total;
}

/**
 * Wasserstein distance in units of the reference's spread, Evidently's `wasserstein_distance_norm`:
 * W1 / max(std(reference), 0.001), std with ddof = 0. 0.1 means "the mass moved a tenth of a std on average".
 */
export function normedWasserstein(distance: number, referenceStd: number, minStd = 0.001): number {
  return distance / Math.max(referenceStd, minStd);
}
