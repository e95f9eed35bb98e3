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

  it('adds the quality score and its band when the score is known', () => {
    expect(
      formatWine({ alcohol: 9.4, pH: 3.51, volatileAcidity: 0.7, quality: 5 }),
      'append ", quality 5 (low)": the band comes from bandOf(score)',
    ).toBe('alcohol 9.4% vol, pH 3.51, volatile acidity 0.70 g/dm³, quality 5 (low)');
    expect(formatWine({ alcohol: 11, pH: 3.2, volatileAcidity: 0.4, quality: 7 }), 'a score of 7 is "high"').toMatch(
      /, quality 7 \(high\)$/,
    );
  });

  it('treats a score of 0 as known', () => {
    expect(
      formatWine({ alcohol: 10, pH: 3, volatileAcidity: 1, quality: 0 }),
      'check `wine.quality !== undefined`, not `if (wine.quality)`: 0 is a score too',
    ).toMatch(/, quality 0 \(low\)$/);
  });
});
