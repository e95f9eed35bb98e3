// Drift of one feature: every statistic, the test that decides (KS or normalised Wasserstein) and the verdict.

import { binShares, fillEmptyBins, jensenShannonDistance, psi, sharedBinEdges } from './binned';
import type { ResolvedDriftOptions } from './drift-options';
import { ksTest, type KsPValueMethod } from './ks-test';
import { meanAndStd } from './sorted-sample';
import { normedWasserstein, wassersteinDistance } from './wasserstein';

/** Which statistic decides a feature's drift. */
export type DriftTest = 'ks' | 'wasserstein_norm';

/** Everything measured on one feature. */
export interface FeatureDrift {
  readonly feature: string;
  /** The deciding test: KS when the reference has <= `ksMaxReferenceRows` rows, otherwise normalised Wasserstein. */
  readonly test: DriftTest;
  /** The KS statistic D (always computed). */
  readonly statistic: number;
  /** The two-sided KS p-value, exact for samples up to 10,000 values (see `ksTest`). */
  readonly pValue: number;
  readonly pValueMethod: KsPValueMethod;
  readonly wasserstein: number;
  readonly wassersteinNormed: number;
  readonly psi: number;
  readonly jensenShannon: number;
  /** The deciding test's value: the p-value for KS, the normalised distance for Wasserstein. */
  readonly score: number;
  readonly threshold: number;
  readonly drifted: boolean;
  /** Bins used for PSI and Jensen-Shannon, and the raw (unfilled) shares per sample: the report draws them. */
  readonly histogram: { readonly edges: number[]; readonly reference: number[]; readonly current: number[] };
}

/**
 * Measures one feature from sorted reference and current samples.
 * @example featureDrift('pH', sortedSample(ref), sortedSample(cur), resolveDriftOptions())
 */
export function featureDrift(feature: string, reference: Float64Array, current: Float64Array, o: ResolvedDriftOptions): FeatureDrift {
  const ks = ksTest(reference, current, o.ksMethod);
  const wasserstein = wassersteinDistance(reference, current);
  const wassersteinNormed = normedWasserstein(wasserstein, meanAndStd(reference).std, o.minStd);
  const edges = sharedBinEdges(reference, current, o.bins);
  const refShares = binShares(reference, edges);
  const curShares = binShares(current, edges);
  const refFilled = fillEmptyBins(refShares, o.emptyBinShare);
  const curFilled = fillEmptyBins(curShares, o.emptyBinShare);
  return {
    feature,
    statistic: ks.statistic,
    pValue: ks.pValue,
    pValueMethod: ks.pValueMethod,
    wasserstein,
    wassersteinNormed,
    psi: psi(refFilled, curFilled),
    jensenShannon: jensenShannonDistance(refFilled, curFilled),
    ...driftVerdict(reference.length, ks.pValue, wassersteinNormed, o),
    histogram: { edges: [...edges], reference: [...refShares], current: [...curShares] },
  };
}

/**
 * Evidently's choice of test and its verdict: KS (drift when p < ksPValue) for a reference of up to
 * `ksMaxReferenceRows` rows, normalised Wasserstein (drift when > wassersteinThreshold) above.
 */
export function driftVerdict(
  referenceRows: number,
  pValue: number,
  wassersteinNormed: number,
  o: ResolvedDriftOptions,
): Pick<FeatureDrift, 'test' | 'score' | 'threshold' | 'drifted'> {
  return referenceRows <= o.ksMaxReferenceRows
    ? { test: 'ks', score: pValue, threshold: o.ksPValue, drifted: pValue < o.ksPValue }
    : { test: 'wasserstein_norm', score: wassersteinNormed, threshold: o.wassersteinThreshold, drifted: wassersteinNormed > o.wassersteinThreshold };
}

/** How strongly a feature drifted, comparable within one test: D for KS (p-values underflow to 0), else the score. */
export function driftStrength(f: FeatureDrift): number {
  return f.test === 'ks' ? f.statistic : f.wassersteinNormed;
}
