// Tests of the classification metrics against hand-computed figures.

import { describe, expect, it } from 'vitest';
import { argmaxRows, evaluate, majorityClass } from './metrics';

describe('evaluate', () => {
  it('computes accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix', () => {
    const result = evaluate([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2], ['a', 'b', 'c']);
    expect(result.accuracy).toBeCloseTo(4 / 6, 12);
    expect(result.confusionMatrix).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
    expect(result.perClass[1]).toMatchObject({ label: 'b', precision: 2 / 3, recall: 1, support: 2 });
    expect(result.perClass[1]!.f1).toBeCloseTo(0.8, 12);
    expect(result.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  });

  it('counts a class that is never predicted as precision 0', () => {
    expect(evaluate([0, 1], [0, 0], ['a', 'b']).perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('majorityClass and argmaxRows', () => {
  it('picks the most frequent class and the largest probability', () => {
    expect(majorityClass([2, 1, 1, 0], 3)).toBe(1);
    expect(argmaxRows([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])).toEqual([1, 0]);
  });
});
