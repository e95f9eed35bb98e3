// Step 1: the baseline rule model.
import { describe, expect, it } from 'vitest';
import { predictBand } from '@lab/baseline-model';
import { RED_WINE_1_ROW } from './wines';

const withAlcoholAndSulphates = (alcohol: number, sulphates: number) => {
  const row = [...RED_WINE_1_ROW];
  row[10] = alcohol;
  row[9] = sulphates;
  return row;
};

describe('step 1: predictBand', () => {
  it('calls a light wine (9.4 % vol) low', () => {
    expect(predictBand(RED_WINE_1_ROW), 'alcohol below 10 % vol should give "low"').toBe('low');
  });

  it('calls a wine with 10 to 11.5 % vol medium', () => {
    expect(predictBand(withAlcoholAndSulphates(10, 0.9)), 'alcohol of exactly 10 should give "medium"').toBe('medium');
    expect(predictBand(withAlcoholAndSulphates(11.4, 0.9)), 'alcohol of 11.4 should give "medium"').toBe('medium');
  });

  it('calls a strong wine rich in sulphates high', () => {
    expect(predictBand(withAlcoholAndSulphates(11.5, 0.65)), 'alcohol >= 11.5 and sulphates >= 0.65 should give "high"').toBe('high');
  });

  it('keeps a strong wine poor in sulphates at medium', () => {
    expect(predictBand(withAlcoholAndSulphates(12.5, 0.6)), 'sulphates below 0.65 cannot be "high"').toBe('medium');
  });
});
