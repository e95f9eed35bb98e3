// Tests of the wine evaluation: test metrics from probabilities, the baseline from the training split's majority band.

import { describe, expect, it } from 'vitest';
import type { WineRow } from '@mlops/dataset';
import { evaluateWineModel } from './wine-evaluation';

const wine = (quality: number): WineRow => ({ features: new Array<number>(11).fill(0), quality });

describe('evaluateWineModel', () => {
  it('scores the argmax of each test row and a baseline that always predicts the training majority', () => {
    // Training majority: medium (quality 6), although the test rows are mostly low.
    const split = { train: [wine(6), wine(6), wine(5)], validation: [], test: [wine(5), wine(5), wine(7)] };
    const { evaluation, baseline } = evaluateWineModel(split, [[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0, 0.4, 0.6]]);
    expect(evaluation.rows).toBe(3);
    expect(evaluation.accuracy).toBeCloseTo(2 / 3, 12);
    expect(evaluation.confusionMatrix).toEqual([[1, 1, 0], [0, 0, 0], [0, 0, 1]]);
    expect(baseline.predictedLabel).toBe('medium');
    expect(baseline.accuracy).toBe(0);
  });
});
