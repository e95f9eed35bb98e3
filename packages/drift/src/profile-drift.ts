// Drift against a training profile only (histogram per feature, no raw rows): binned approximations of each statistic.

import { binShares, fillEmptyBins, jensenShannonDistance, psi } from './binned';
import { driftReportOf, type DriftReport } from './dataset-drift';
import { resolveDriftOptions, type DriftOptions, type ResolvedDriftOptions } from './drift-options';
import { driftVerdict, type FeatureDrift } from './feature-drift';
import { ksPValueOf } from './ks-test';
import { sortedSample } from './sorted-sample';
import { normedWasserstein } from './wasserstein';

/** What a model manifest keeps of one feature of its training split (see @mlops/model-store `FeatureProfile`). */
export interface ReferenceFeatureProfile {
  readonly name: string;
  readonly std: number;
  /** Linear-interpolated quantiles of the training split (p1, p5, p25, p50, p75, p95, p99). */
  readonly quantiles?: Readonly<Record<string, number>>;
  /** `counts[i]` rows in `[edges[i], edges[i+1])`, the last bin closed. */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

/**
 * The reference CDF implied by a profile: knots at the histogram edges (cumulative share) and at the quantiles
 * (p1 ... p99 at their levels), linear in between, 0 below the first knot and 1 from the last. Continuous and
 * piecewise linear: mass inside a bin is spread evenly between knots, a point mass becomes a steep ramp.
 */
export function profileCdf(profile: ReferenceFeatureProfile): { xs: number[]; fs: number[]; at: (x: number) => number } {
  const { edges, counts } = profile.histogram;
  const total = counts.reduce((a, b) => a + b, 0);
  const knots: [number, number][] = [];
  let cumulative = 0;
  edges.forEach((edge, k) => {
    knots.push([edge, cumulative / total]);
    cumulative += counts[k] ?? 0;
  });
  knots[knots.length - 1]![1] = 1;
  const levels: Record<string, number> = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };
  for (const [name, q] of Object.entries(profile.quantiles ?? {})) if (levels[name] !== undefined) knots.push([q, levels[name]]);
  knots.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const xs: number[] = [];
  const fs: number[] = [];
  for (const [x, f] of knots) {
    const last = fs.length - 1;
    const level = Math.max(f, fs[last] ?? 0); // monotone even where a quantile and a bin disagree by rounding
    if (xs[last] === x) fs[last] = level;
    else {
      xs.push(x);
      fs.push(level);
    }
  }
  const at = (x: number): number => {
    if (x <= xs[0]!) return x < xs[0]! ? 0 : fs[0]!;
    if (x >= xs.at(-1)!) return 1;
    let lo = 0;
    let hi = xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return fs[lo]! + ((fs[lo + 1]! - fs[lo]!) * (x - xs[lo]!)) / (xs[lo + 1]! - xs[lo]!);
  };
  return { xs, fs, at };
}

/**
 * KS statistic and Wasserstein-1 between the profile CDF F (see {@link profileCdf}) and the empirical CDF G of a sorted sample, exact
 * for that F: between consecutive breakpoints (knots and sample values) F is linear and G constant, so the
 * sup is at a breakpoint (both one-sided limits of G) and the integral of |F - G| is closed-form per piece.
 */
export function profileKsAndWasserstein(profile: ReferenceFeatureProfile, current: Float64Array): { ks: number; wasserstein: number } {
  const { xs, at: F } = profileCdf(profile);
  const m = current.length;
  let i = 0; // next knot
  let below = 0; // current values < x: every earlier breakpoint consumed its copies
  let d = 0;
  let area = 0;
  // A merge walk over the distinct breakpoints: the knots and the (sorted) sample values.
  while (i < xs.length || below < m) {
    const x = Math.min(i < xs.length ? xs[i]! : Infinity, below < m ? current[below]! : Infinity);
    if (xs[i] === x) i++;
    let upTo = below;
    while (upTo < m && current[upTo] === x) upTo++;
    const f = F(x);
    d = Math.max(d, Math.abs(f - below / m), Math.abs(f - upTo / m));
    const next = Math.min(i < xs.length ? xs[i]! : Infinity, upTo < m ? current[upTo]! : Infinity);
    if (next !== Infinity) {
      const g = upTo / m;
      const u = f - g;
      const v = F(next) - g;
      const width = next - x;
      area += u * v >= 0 ? (width * Math.abs(u + v)) / 2 : (width * (u * u + v * v)) / (2 * Math.abs(u - v));
    }
    below = upTo;
  }
  return { ks: d, wasserstein: area };
}

/**
 * One feature against its profile. KS and Wasserstein as in {@link profileKsAndWasserstein}; the p-value treats
 * the profile's row count as the reference size; PSI and Jensen-Shannon on the profile's own bins plus an
 * underflow and an overflow bin (not Evidently's 10 bins over both samples: those need the raw reference).
 */
export function profileFeatureDrift(profile: ReferenceFeatureProfile, current: Float64Array, o: ResolvedDriftOptions): FeatureDrift {
  const { edges, counts } = profile.histogram;
  const n = counts.reduce((a, b) => a + b, 0);
  const m = current.length;
  const { ks, wasserstein } = profileKsAndWasserstein(profile, current);
  const { pValue, pValueMethod } = ksPValueOf(ks, n, m, o.ksMethod);
  const wassersteinNormed = normedWasserstein(wasserstein, profile.std, o.minStd);
  const inner = binShares(current, Float64Array.from(edges));
  let under = 0;
  while (under < m && current[under]! < edges[0]!) under++;
  const over = m - under - Math.round(inner.reduce((a, b) => a + b, 0) * m);
  const curShares = Float64Array.from([under / m, ...inner, over / m]);
  const refShares = Float64Array.from([0, ...counts.map((c) => c / n), 0]);
  const refFilled = fillEmptyBins(refShares, o.emptyBinShare);
  const curFilled = fillEmptyBins(curShares, o.emptyBinShare);
  return {
    feature: profile.name,
    statistic: ks,
    pValue,
    pValueMethod,
    wasserstein,
    wassersteinNormed,
    psi: psi(refFilled, curFilled),
    jensenShannon: jensenShannonDistance(refFilled, curFilled),
    ...driftVerdict(n, pValue, wassersteinNormed, o),
    histogram: { edges: [...edges], reference: [...refShares.subarray(1, -1)], current: [...curShares.subarray(1, -1)] },
  };
}

/**
 * Current columns against a training profile (e.g. a model manifest's `profile.features`), like `datasetDrift`.
 * @example profileDatasetDrift(manifest.profile.features, current.columns)
 */
export function profileDatasetDrift(profiles: readonly ReferenceFeatureProfile[], current: readonly ArrayLike<number>[], options?: DriftOptions): DriftReport {
  const o = resolveDriftOptions(options);
  if (profiles.length === 0 || current.length !== profiles.length) throw new RangeError(`expected ${profiles.length} current columns, got ${current.length}`);
  const features = profiles.map((p, k) => profileFeatureDrift(p, sortedSample(current[k]!, `current "${p.name}"`), o));
  const referenceRows = profiles[0]!.histogram.counts.reduce((a, b) => a + b, 0);
  return driftReportOf(features, referenceRows, current[0]!.length, o);
}
