// Step 1: the baseline rule model.
import { describe, expect, it } from 'vitest';
import { FEATURE_KEYS } from '@mlops/dataset/feature-schema';
import { baselinePredictor, predictBand } from '@lab/baseline-model';
import { RED_WINE_1_ROW } from './wines';

/** Wine 1 of the red data set with its alcohol (% vol) and sulphates (g/dm³) replaced. */
const wine = (alcohol: number, sulphates: number) => {
  const row = [...RED_WINE_1_ROW];
  row[FEATURE_KEYS.indexOf('alcohol')] = alcohol;
  row[FEATURE_KEYS.indexOf('sulphates')] = sulphates;
  return row;
};

describe('step 1: predictBand', () => {
  it('calls a wine below 10 % vol low, whatever its sulphates', () => {
    expect(predictBand(RED_WINE_1_ROW), 'alcohol below 10 % vol should give "low"').toBe('low');
    expect(predictBand(wine(9.99, 0.56)), 'alcohol of 9.99 is still below 10: "low"').toBe('low');
    expect(predictBand(wine(9, 0.9)), 'rich in sulphates but light (9 % vol): "high" needs both, so "low"').toBe('low');
  });

  it('calls a wine with 10 to 11.5 % vol medium', () => {
    expect(predictBand(wine(10, 0.9)), 'alcohol of exactly 10 should give "medium" (>= 10)').toBe('medium');
    expect(predictBand(wine(11.49, 0.9)), 'alcohol of 11.49 is below 11.5: "medium", even with sulphates of 0.9').toBe('medium');
  });

  it('calls a strong wine rich in sulphates high, the thresholds included', () => {
    expect(predictBand(wine(11.5, 0.65)), 'alcohol >= 11.5 and sulphates >= 0.65 should give "high" (11.5 and 0.65 included)').toBe('high');
    expect(predictBand(wine(13, 1.2)), 'alcohol 13 and sulphates 1.2 should give "high"').toBe('high');
  });

  it('keeps a strong wine poor in sulphates at medium', () => {
    expect(predictBand(wine(12.5, 0.64)), 'sulphates of 0.64 are below 0.65: not "high", so "medium"').toBe('medium');
    expect(predictBand(wine(14, 0.3)), 'sulphates of 0.3 cannot be "high"').toBe('medium');
  });

  it('reads alcohol and sulphates from their places in FEATURES order', () => {
    const swapped = [...RED_WINE_1_ROW];
    swapped[FEATURE_KEYS.indexOf('alcohol')] = 0.7;
    swapped[FEATURE_KEYS.indexOf('sulphates')] = 12;
    expect(predictBand(swapped), 'alcohol is FEATURES index 10 and sulphates index 9 (use ALCOHOL and SULPHATES): 0.7 % vol is "low"').toBe('low');
  });

  it('serves the rules as a Predictor, one band per row in order', async () => {
    const predictions = await baselinePredictor.predict([wine(9, 0.5), wine(10.5, 0.5), wine(12, 0.8)]);
    expect(predictions.map((p) => p.band)).toEqual(['low', 'medium', 'high']);
  });
});
