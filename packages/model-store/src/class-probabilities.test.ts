// predictedClass and roundProbability on small hand-made outputs.
import { describe, expect, it } from 'vitest';
import { predictedClass, roundProbability } from './class-probabilities';

describe('predictedClass', () => {
  it('finds the most probable class of each row of a row-major matrix', () => {
    const probabilities = Float32Array.of(0.7, 0.2, 0.1, 0.1, 0.3, 0.6);
    expect([predictedClass(probabilities, 0, 3), predictedClass(probabilities, 1, 3)]).toEqual([0, 2]);
  });

  it('gives a tie to the lower class index', () => {
    expect(predictedClass([0.4, 0.4, 0.2], 0, 3)).toBe(0);
  });
});

describe('roundProbability', () => {
  it('keeps six decimals', () => {
    expect(roundProbability(0.73957012345)).toBe(0.73957);
    expect(roundProbability(0.0000071)).toBe(0.000007);
  });
});
