// Classification metrics: accuracy, macro-F1, per-class precision/recall, confusion matrix, majority baseline.

import { predictedClass } from '@mlops/model-store/class-probabilities';

/** Precision, recall and F1 of one class. */
export interface ClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Number of true rows of this class. */
  readonly support: number;
}

/** Metrics of one set of predictions. */
export interface Evaluation {
  readonly rows: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: ClassMetrics[];
  /** `confusionMatrix[true][predicted]` counts rows. */
  readonly confusionMatrix: number[][];
}

/**
 * Scores predicted class indices against true ones. Undefined precision (no predictions of a class)
 * counts as 0, like scikit-learn's `zero_division=0`.
 */
export function evaluate(truth: readonly number[], predicted: readonly number[], labels: readonly string[]): Evaluation {
  if (truth.length !== predicted.length) throw new RangeError(`evaluate: ${truth.length} true labels but ${predicted.length} predictions`);
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => matrix[t]![predicted[i]!]!++);
  const correct = matrix.reduce((sum, row, c) => sum + row[c]!, 0);
  const perClass = labels.map((label, c) => {
    const tp = matrix[c]![c]!;
    const support = matrix[c]!.reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((sum, row) => sum + row[c]!, 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  return {
    rows: truth.length,
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    macroF1: perClass.reduce((sum, m) => sum + m.f1, 0) / k,
    perClass,
    confusionMatrix: matrix,
  };
}

/** The most frequent class index (ties: the lowest index). */
export function majorityClass(labels: readonly number[], classes: number): number {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]!++;
  return counts.indexOf(Math.max(...counts));
}

/** Index of the largest value of each row (the predicted class). */
export function argmaxRows(rows: readonly (ArrayLike<number>)[]): number[] {
  return rows.map((row) => predictedClass(row, 0, row.length));
}
