// Lab 01 reference: the baseline rule model, three hand-written rules that a trained model must beat.

import { FEATURE_KEYS, type QualityBand } from '@mlops/dataset/feature-schema';
import type { Prediction, Predictor } from '@mlops/http-service/predictor';

const ALCOHOL = FEATURE_KEYS.indexOf('alcohol');
const SULPHATES = FEATURE_KEYS.indexOf('sulphates');

/**
 * Predicts a wine's quality band from two of its features, the way a cellar master might:
 * strong wines (alcohol >= 11.5 % vol) rich in sulphates (>= 0.65 g/dm³) are `high`, wines with at least
 * 10 % vol are `medium`, the rest `low`. On the red wines this scores about 0.59 accuracy and 0.56 macro-F1.
 *
 * @param features - the 11 raw features in model order (see `FEATURES`).
 * @example predictBand([7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]) // 'low'
 */
export function predictBand(features: readonly number[]): QualityBand {
  // #region solution step 1: return 'high', 'medium' or 'low' from alcohol and sulphates
  const alcohol = features[ALCOHOL]!;
  const sulphates = features[SULPHATES]!;
  if (alcohol >= 11.5 && sulphates >= 0.65) return 'high';
  if (alcohol >= 10) return 'medium';
  return 'low';
  // #endregion solution
}

/** The rule model as a {@link Predictor}: lab 01's run.ts and tests serve it on `/v1/predict`. */
export const baselinePredictor: Predictor = {
  info: { name: 'baseline-rules', version: '1' },
  async predict(rows): Promise<Prediction[]> {
    return rows.map((features) => ({ band: predictBand(features) }));
  },
};
