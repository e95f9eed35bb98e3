// Binned statistics like Evidently's: shared equal-width bins, empty bins filled, PSI and Jensen-Shannon distance.

/**
 * `bins` equal-width bins over the range of both samples together (numpy's `histogram_bin_edges` of the
 * concatenated data, what Evidently's `get_binned_data` uses). A constant sample gets the range x ± 0.5.
 * @param a sorted ascending; @param b sorted ascending.
 */
export function sharedBinEdges(a: Float64Array, b: Float64Array, bins = 10): Float64Array {
  let lo = Math.min(a[0]!, b[0]!);
  let hi = Math.max(a[a.length - 1]!, b[b.length - 1]!);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  // numpy's linspace: lo + k * step, the last edge set exactly.
  const step = (hi - lo) / bins;
  for (let k = 0; k < bins; k++) edges[k] = lo + k * step;
  edges[bins] = hi;
  return edges;
}

/**
 * Share of a sorted sample in each bin: [e_k, e_k+1), the last bin closed (numpy's `histogram`);
 * values outside the edges are not counted. Binary search per edge: O(bins · log n).
 */
export function binShares(sorted: Float64Array, edges: Float64Array): Float64Array {
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const upperBound = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bins = edges.length - 1;
  const shares = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    const start = lowerBound(edges[k]!);
    const end = k === bins - 1 ? upperBound(edges[k + 1]!) : lowerBound(edges[k + 1]!);
    shares[k] = (end - start) / sorted.length;
  }
  return shares;
}

/**
 * Replaces empty bins by a small share so that logarithms stay finite, Evidently's `feel_zeroes`: 0.0001,
 * or a millionth of the smallest non-empty share when that is itself <= 0.0001. Returns a new array.
 */
export function fillEmptyBins(shares: Float64Array, epsilon = 0.0001): Float64Array {
  // #region solution step 4: give every empty bin a small share, so that ln(r / c) stays finite
  let smallest = Infinity;
  for (const s of shares) if (s > 0 && s < smallest) smallest = s;
  const fill = smallest <= epsilon ? smallest / 1e6 : epsilon;
  return shares.map((s) => (s === 0 ? fill : s));
  // #endregion solution
}

/**
 * Population Stability Index Σ (r - c) · ln(r / c) over bins with filled shares.
 * Usual reading: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 major shift.
 */
export function psi(reference: Float64Array, current: Float64Array): number {
  // #region solution step 4: sum (r - c) * ln(r / c) over the bins
  let total = 0;
  for (let k = 0; k < reference.length; k++) {
    const r = reference[k]!;
    const c = current[k]!;
    total += (r - c) * Math.log(r / c);
  }
  return total;
  // #endregion solution
}

/**
 * Jensen-Shannon distance (the square root of the divergence), natural logarithm, so it lies in
 * [0, √ln 2 ≈ 0.833]: scipy's `jensenshannon(p, q)` with its default base e, which normalises p and q to sum 1.
 */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  let sp = 0;
  let sq = 0;
  for (let k = 0; k < p.length; k++) {
    sp += p[k]!;
    sq += q[k]!;
  }
  let divergence = 0;
  for (let k = 0; k < p.length; k++) {
    const a = p[k]! / sp;
    const b = q[k]! / sq;
    const mid = (a + b) / 2;
    if (a > 0) divergence += a * Math.log(a / mid);
    if (b > 0) divergence += b * Math.log(b / mid);
  }
  return Math.sqrt(Math.max(0, divergence / 2));
}
