// Thresholds and choices of a drift check, Evidently's defaults written next to their meaning.

import type { KsMethod } from './ks-test';

/** Options of a drift check. Every threshold is configurable. */
export interface DriftOptions {
  /** Reference size up to which the KS test decides; above it, normalised Wasserstein. @defaultValue 1000 */
  readonly ksMaxReferenceRows?: number;
  /** KS: a feature drifts when p < this. @defaultValue 0.05 */
  readonly ksPValue?: number;
  /** Normalised Wasserstein: a feature drifts when the distance > this (in reference stds). @defaultValue 0.1 */
  readonly wassersteinThreshold?: number;
  /** Floor of the reference std that normalises Wasserstein. @defaultValue 0.001 */
  readonly minStd?: number;
  /** Equal-width bins over both samples for PSI and Jensen-Shannon. @defaultValue 10 */
  readonly bins?: number;
  /** Share given to empty bins (see `fillEmptyBins`). @defaultValue 0.0001 */
  readonly emptyBinShare?: number;
  /** PSI at or above this is reported as a moderate shift (informative, does not decide). @defaultValue 0.1 */
  readonly psiModerate?: number;
  /** PSI at or above this is reported as a major shift. @defaultValue 0.25 */
  readonly psiMajor?: number;
  /** The data set drifts when the share of drifted features is >= this. @defaultValue 0.5 */
  readonly datasetShare?: number;
  /** KS p-value: `auto` exact for samples up to 10,000 values (n·m up to 2e7), `asymp` always the cheap asymptotic one. @defaultValue 'auto' */
  readonly ksMethod?: KsMethod;
}

/** {@link DriftOptions} with every default filled in. */
export type ResolvedDriftOptions = Required<DriftOptions>;

/** Evidently's defaults. */
export const DEFAULT_DRIFT_OPTIONS: ResolvedDriftOptions = {
  ksMaxReferenceRows: 1000,
  ksPValue: 0.05,
  wassersteinThreshold: 0.1,
  minStd: 0.001,
  bins: 10,
  emptyBinShare: 0.0001,
  psiModerate: 0.1,
  psiMajor: 0.25,
  datasetShare: 0.5,
  ksMethod: 'auto',
};

/** Fills defaults and rejects thresholds that cannot mean anything. */
export function resolveDriftOptions(options: DriftOptions = {}): ResolvedDriftOptions {
  const o = { ...DEFAULT_DRIFT_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!(o.ksPValue > 0 && o.ksPValue < 1)) throw new RangeError(`ksPValue must be in (0, 1), got ${o.ksPValue}`);
  if (!(o.wassersteinThreshold > 0)) throw new RangeError(`wassersteinThreshold must be > 0, got ${o.wassersteinThreshold}`);
  if (!(o.datasetShare > 0 && o.datasetShare <= 1)) throw new RangeError(`datasetShare must be in (0, 1], got ${o.datasetShare}`);
  if (!(Number.isInteger(o.bins) && o.bins >= 2 && o.bins <= 1000)) throw new RangeError(`bins must be an integer in [2, 1000], got ${o.bins}`);
  if (!(o.ksMaxReferenceRows >= 0)) throw new RangeError(`ksMaxReferenceRows must be >= 0, got ${o.ksMaxReferenceRows}`);
  if (o.ksMethod !== 'auto' && o.ksMethod !== 'asymp') throw new RangeError(`ksMethod must be 'auto' or 'asymp', got ${String(o.ksMethod)}`);
  if (!(o.minStd > 0) || !(o.emptyBinShare > 0 && o.emptyBinShare < 1)) throw new RangeError('minStd and emptyBinShare must be > 0');
  return o;
}
