// Lab 00: formatWine turns a wine's measurements into a one-line summary.
import { describe, expect, it } from 'vitest';
import { formatWine } from '@lab/format-wine';

describe('formatWine (step 2, src/format-wine.ts)', () => {
  it('shows alcohol with one decimal, pH and volatile acidity with two', () => {
    expect(
      formatWine({ alcohol: 12.8, pH: 3.3, volatileAcidity: 0.35 }),
      'join "alcohol 12.8% vol", "pH 3.30" and "volatile acidity 0.35 g/dm³" with ", "',
    ).toBe('alcohol 12.8% vol, pH 3.30, volatile acidity 0.35 g/dm³');
  });

  it('always writes the decimals, rounding extra digits away (toFixed, not String)', () => {
    expect(
      formatWine({ alcohol: 11, pH: 3, volatileAcidity: 0.123 }),
      'alcohol 11 is "11.0" (toFixed(1)), pH 3 is "3.00" and 0.123 is "0.12" (toFixed(2)): String(value) drops or keeps digits',
    ).toBe('alcohol 11.0% vol, pH 3.00, volatile acidity 0.12 g/dm³');
  });

  it('adds the quality score and its band when the score is known', () => {
    expect(
      formatWine({ alcohol: 9.4, pH: 3.51, volatileAcidity: 0.7, quality: 5 }),
      'append ", quality 5 (low)": the band comes from bandOf(score)',
    ).toBe('alcohol 9.4% vol, pH 3.51, volatile acidity 0.70 g/dm³, quality 5 (low)');
  });

  it('names the band of every score: 5 and below low, 6 medium, 7 and above high', () => {
    const bands = { 3: 'low', 4: 'low', 5: 'low', 6: 'medium', 7: 'high', 8: 'high' };
    for (const [score, band] of Object.entries(bands)) {
      expect(
        formatWine({ alcohol: 11, pH: 3.2, volatileAcidity: 0.4, quality: Number(score) }),
        `a score of ${score} is "${band}": use bandOf(wine.quality) rather than your own thresholds`,
      ).toBe(`alcohol 11.0% vol, pH 3.20, volatile acidity 0.40 g/dm³, quality ${score} (${band})`);
    }
  });

  it('treats a score of 0 as known', () => {
    expect(
      formatWine({ alcohol: 10, pH: 3, volatileAcidity: 1, quality: 0 }),
      'check `wine.quality !== undefined`, not `if (wine.quality)`: 0 is a score too',
    ).toBe('alcohol 10.0% vol, pH 3.00, volatile acidity 1.00 g/dm³, quality 0 (low)');
  });
});
