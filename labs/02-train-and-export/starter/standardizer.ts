// Feature standardisation: learn each feature's mean and standard deviation on the training split, then rescale.

import { notImplemented } from '@mlops/lab-kit/runtime';

/** Per-feature mean and standard deviation learnt from the training rows, in model order. */
export interface Standardizer {
  readonly mean: number[];
  readonly std: number[];
}

/**
 * Learns the mean and (population) standard deviation of every column of `rows`.
 * Fit it on the TRAINING rows only: using validation or test rows would leak them into the model.
 * A constant column gets std 1, so standardising it never divides by zero.
 * @example fitStandardizer([[1, 10], [3, 10]]) // { mean: [2, 10], std: [1, 1] }
 */
export function fitStandardizer(rows: readonly (readonly number[])[]): Standardizer {
  if (rows.length === 0) throw new RangeError('fitStandardizer needs at least one row');
  // TODO step 1: compute each column's mean and population standard deviation (use 1 when it is 0)
  throw notImplemented('src/standardizer.ts', 'step 1: compute each column\'s mean and population standard deviation (use 1 when it is 0)');
}

/**
 * Rescales rows to zero mean and unit variance with learnt statistics: `(value - mean) / std` per feature.
 * @example standardize([[3, 10]], { mean: [2, 10], std: [1, 1] }) // [[1, 0]]
 */
export function standardize(rows: readonly (readonly number[])[], stats: Standardizer): number[][] {
  // TODO step 2: subtract each feature's mean and divide by its standard deviation
  throw notImplemented('src/standardizer.ts', 'step 2: subtract each feature\'s mean and divide by its standard deviation');
}
