// Why a row cannot be scored: a missing, non-finite or implausible feature value (never worth a retry).

import { FEATURES } from '@mlops/dataset/feature-schema';

/**
 * The first problem of row `row` of a row-major feature matrix, or `undefined` when the row can be
 * scored. Ranges come from the feature schema (`FEATURES[i].min/max`).
 * @example rowProblem(features, 0) // 'pH is NaN, expected a number in [2, 5]'
 */
export function rowProblem(features: Float32Array, row: number): string | undefined {
  const base = row * FEATURES.length;
  for (let i = 0; i < FEATURES.length; i++) {
    const value = features[base + i]!;
    const spec = FEATURES[i]!;
    if (!Number.isFinite(value)) return `"${spec.name}" is ${Number.isNaN(value) ? 'missing or not a number' : 'infinite'}`;
    // Compare in float32, the precision the value is stored and scored in.
    if (value < Math.fround(spec.min) || value > Math.fround(spec.max)) {
      return `"${spec.name}" is ${Number(value.toPrecision(6))}, outside the plausible range [${spec.min}, ${spec.max}] ${spec.unit}`;
    }
  }
  return undefined;
}
