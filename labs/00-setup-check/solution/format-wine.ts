// Lab 00 reference: formatWine, a first exercise that proves the edit → verify loop works.

/** A quality band, as the later labs predict it: low <= 5, medium = 6, high >= 7. */
export type QualityBand = 'low' | 'medium' | 'high';

/** Maps a sensory quality score (0-10) to its band (the same rule as `@mlops/dataset`'s `qualityBand`). */
export function bandOf(score: number): QualityBand {
  if (score <= 5) return 'low';
  return score === 6 ? 'medium' : 'high';
}

/** The few measurements of a wine that the summary shows. */
export interface WineSummaryInput {
  /** Alcohol, % vol, e.g. `9.4`. */
  readonly alcohol: number;
  /** pH, e.g. `3.51`. */
  readonly pH: number;
  /** Volatile acidity, g(acetic acid)/dm³, e.g. `0.7`. */
  readonly volatileAcidity: number;
  /** Sensory quality score 0-10, when known. */
  readonly quality?: number;
}

/**
 * Formats a wine as a one-line summary: alcohol with one decimal, pH and volatile acidity with two,
 * then the quality score and its band when the score is known.
 *
 * @example formatWine({ alcohol: 9.4, pH: 3.51, volatileAcidity: 0.7, quality: 5 })
 * // 'alcohol 9.4% vol, pH 3.51, volatile acidity 0.70 g/dm³, quality 5 (low)'
 * @example formatWine({ alcohol: 12.8, pH: 3.3, volatileAcidity: 0.35 })
 * // 'alcohol 12.8% vol, pH 3.30, volatile acidity 0.35 g/dm³'
 */
export function formatWine(wine: WineSummaryInput): string {
  // #region solution step 2: join the measurements with ", " and add "quality N (band)" when the score is known
  const parts = [
    `alcohol ${wine.alcohol.toFixed(1)}% vol`,
    `pH ${wine.pH.toFixed(2)}`,
    `volatile acidity ${wine.volatileAcidity.toFixed(2)} g/dm³`,
  ];
  if (wine.quality !== undefined) parts.push(`quality ${wine.quality} (${bandOf(wine.quality)})`);
  return parts.join(', ');
  // #endregion solution
}
