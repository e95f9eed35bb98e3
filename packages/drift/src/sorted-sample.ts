// Sorted copies of numeric samples (Float64Array; radix sort for large ones), the input of every exact statistic.

import { sortFloat64 } from './radix-sort';

/**
 * A sorted copy of `values` as a Float64Array; the input is not modified.
 * @throws RangeError on an empty sample or a value that is not a finite number.
 * @example sortedSample([3, 1, 2]) // Float64Array [1, 2, 3]
 */
export function sortedSample(values: ArrayLike<number>, what = 'sample'): Float64Array {
  if (values.length === 0) throw new RangeError(`${what} is empty: drift needs at least one value`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`${what}: value ${i} is ${values[i]}, not a finite number`);
  }
  // #region solution step 1: sort a copy ascending, as numbers (the caller's array stays as it is)
  return sortFloat64(Float64Array.from(values));
  // #endregion solution
}

/** Mean and population standard deviation (ddof = 0, like numpy's `np.std`), two-pass for accuracy. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}
