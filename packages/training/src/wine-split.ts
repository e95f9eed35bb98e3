// The red wines as the model sees them: the seeded train/validation/test split, feature rows and band labels.

import { qualityClass, splitDataset, type DatasetSplit, type WineRow } from '@mlops/dataset';

/** Split fractions used for validation (early stopping) and test (reported metrics); the rest trains. */
export const SPLIT_FRACTIONS = { validation: 0.15, test: 0.15 } as const;

/**
 * The seeded 70 / 15 / 15 split every training run uses: same rows and seed, same three parts.
 * @example const { train, validation, test } = splitWines(await loadWines('red'), 42); // 1119, 240, 240 rows
 */
export function splitWines(rows: readonly WineRow[], seed: number): DatasetSplit<WineRow> {
  return splitDataset(rows, { seed, ...SPLIT_FRACTIONS });
}

/** The 11 raw feature values of each row, in model order. */
export function wineFeatures(rows: readonly WineRow[]): number[][] {
  return rows.map((r) => r.features);
}

/** The quality-band class index of each row (0 low, 1 medium, 2 high), the model's target. */
export function wineLabels(rows: readonly WineRow[]): number[] {
  return rows.map((r) => qualityClass(r.quality));
}
