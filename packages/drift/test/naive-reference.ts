// A deliberately naive, independent implementation used only to confirm the fast one: O(n*m), no merging.

/** ECDF by counting: #{v <= x} / n. */
function ecdf(sample: readonly number[], x: number): number {
  let count = 0;
  for (const v of sample) if (v <= x) count++;
  return count / sample.length;
}

/** KS: evaluate both ECDFs at every observed point of either sample (the sup is attained there). */
export function naiveKs(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (const x of [...a, ...b]) d = Math.max(d, Math.abs(ecdf(a, x) - ecdf(b, x)));
  return d;
}

/** W1: the exact integral of |F - G| between consecutive distinct points (both CDFs are constant there). */
export function naiveWasserstein(a: readonly number[], b: readonly number[]): number {
  const points = [...new Set([...a, ...b])].sort((x, y) => x - y);
  let total = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    total += Math.abs(ecdf(a, points[k]!) - ecdf(b, points[k]!)) * (points[k + 1]! - points[k]!);
  }
  return total;
}

/** Population std, one pass over an ordinary array. */
export function naiveStd(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}
