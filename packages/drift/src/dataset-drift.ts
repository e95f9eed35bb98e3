// Drift of a whole data set: every feature measured, ranked, and the share-of-drifted-features verdict.

import { resolveDriftOptions, type DriftOptions, type ResolvedDriftOptions } from './drift-options';
import { driftStrength, featureDrift, type FeatureDrift } from './feature-drift';
import { sortedSample } from './sorted-sample';

/** The result of a drift check. */
export interface DriftReport {
  /** Features ranked by drift strength, strongest first (KS statistic, or normalised Wasserstein). */
  readonly features: FeatureDrift[];
  readonly referenceRows: number;
  readonly currentRows: number;
  readonly driftedFeatures: number;
  readonly driftedShare: number;
  /** The data set drifts when `driftedShare >= options.datasetShare`. */
  readonly datasetDrift: boolean;
  readonly options: ResolvedDriftOptions;
}

/**
 * Compares current data with reference data, column by column.
 * @param reference one column (any numeric array) per feature, in `names` order; same for `current`.
 * @example datasetDrift(['pH'], [redPh], [whitePh]).datasetDrift // true
 */
export function datasetDrift(
  names: readonly string[],
  reference: readonly ArrayLike<number>[],
  current: readonly ArrayLike<number>[],
  options?: DriftOptions,
): DriftReport {
  const o = resolveDriftOptions(options);
  if (names.length === 0 || reference.length !== names.length || current.length !== names.length) {
    throw new RangeError(`expected ${names.length} reference and current columns (one per feature), got ${reference.length} and ${current.length}`);
  }
  const features = names.map((name, k) =>
    featureDrift(name, sortedSample(reference[k]!, `reference "${name}"`), sortedSample(current[k]!, `current "${name}"`), o),
  );
  return driftReportOf(features, reference[0]!.length, current[0]!.length, o);
}

/** The report of measured features: ranked (drifted first, then by strength), counted, and the data set verdict. */
export function driftReportOf(features: FeatureDrift[], referenceRows: number, currentRows: number, o: ResolvedDriftOptions): DriftReport {
  features.sort((a, b) => Number(b.drifted) - Number(a.drifted) || driftStrength(b) - driftStrength(a));
  const driftedFeatures = features.filter((f) => f.drifted).length;
  const driftedShare = driftedFeatures / features.length;
  return { features, referenceRows, currentRows, driftedFeatures, driftedShare, datasetDrift: driftedShare >= o.datasetShare, options: o };
}

/** Columns of a row-major table: `columns(rows)[k][i] = rows[i][k]`, as Float64Arrays. */
export function toColumns(rows: readonly (readonly number[])[], width: number): Float64Array[] {
  const columns = Array.from({ length: width }, () => new Float64Array(rows.length));
  rows.forEach((row, i) => {
    for (let k = 0; k < width; k++) columns[k]![i] = row[k]!;
  });
  return columns;
}
