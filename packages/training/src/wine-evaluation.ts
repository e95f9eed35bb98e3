// Scores a wine model on the test split next to the majority-class baseline learnt from the training split.

import { QUALITY_BANDS, type DatasetSplit, type WineRow } from '@mlops/dataset';
import { argmaxRows, evaluate, majorityClass, type Evaluation } from './metrics';
import { wineLabels } from './wine-split';

/** The model's test metrics and those of always predicting the training split's most frequent band. */
export interface WineEvaluation {
  readonly evaluation: Evaluation;
  /** The majority-class baseline on the same test rows. */
  readonly baseline: Evaluation & { readonly predictedLabel: string };
}

/**
 * Evaluates class probabilities of the test rows (in `split.test` order) against their true bands, and
 * the majority-class baseline a model must beat.
 * @example const { evaluation, baseline } = evaluateWineModel(split, predictProbabilities(model, xTest));
 */
export function evaluateWineModel(split: DatasetSplit<WineRow>, testProbabilities: readonly (readonly number[])[]): WineEvaluation {
  const truth = wineLabels(split.test);
  const majority = majorityClass(wineLabels(split.train), QUALITY_BANDS.length);
  return {
    evaluation: evaluate(truth, argmaxRows(testProbabilities), QUALITY_BANDS),
    baseline: { ...evaluate(truth, truth.map(() => majority), QUALITY_BANDS), predictedLabel: QUALITY_BANDS[majority]! },
  };
}
