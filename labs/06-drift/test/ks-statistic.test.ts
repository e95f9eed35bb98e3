// Step 2: the two-sample KS statistic D = max |F(x) - G(x)| from sorted samples, ties handled.

import { describe, expect, it } from 'vitest';
import { ksStatistic } from '@lab/ks-test';
import { sortedSample } from '@lab/sorted-sample';

const s = (...values: number[]): Float64Array => Float64Array.from(values);

describe('step 2: ksStatistic', () => {
  it('is 0 for identical samples, ties included', () => {
    expect(ksStatistic(s(1, 2, 2, 3), s(1, 2, 2, 3))).toBe(0);
    expect(ksStatistic(s(5), s(5, 5, 5))).toBe(0);
  });

  it('is 1 for samples that do not overlap, whichever comes first', () => {
    expect(ksStatistic(s(1, 2), s(3, 4)), 'compare again after the last value of a sample: F(2) = 1, G(2) = 0').toBe(1);
    expect(ksStatistic(s(3, 4), s(1, 2))).toBe(1);
    expect(ksStatistic(s(1, 2, 3), s(4))).toBe(1);
  });

  it('consumes every copy of a tied value in BOTH samples before comparing: [1,2,2,3] vs [2,2,3,4] is 0.25, not 0.5', () => {
    // F: 1 -> .25, 2 -> .75, 3 -> 1; G: 2 -> .5, 3 -> .75, 4 -> 1.
    expect(ksStatistic(s(1, 2, 2, 3), s(2, 2, 3, 4))).toBeCloseTo(0.25, 15);
    expect(ksStatistic(s(2, 2, 3, 4), s(1, 2, 2, 3))).toBeCloseTo(0.25, 15);
    expect(ksStatistic(s(1, 1, 1, 2), s(1, 2, 2, 2)), 'F(1) = 3/4, G(1) = 1/4').toBeCloseTo(0.5, 15);
  });

  it('counts the value itself: F(x) = #{v <= x} / n, divided by each sample\'s own size', () => {
    expect(ksStatistic(s(1, 2), s(2, 3))).toBe(0.5);
    // F: 1/3 at 0, 2/3 at 1, 1 at 2; G: k/5 at 0.5, 1.5, 2.5, 3.5, 4.5. Largest gap at 2: 1 - 2/5.
    expect(ksStatistic(s(0, 1, 2), s(0.5, 1.5, 2.5, 3.5, 4.5))).toBeCloseTo(0.6, 15);
    expect(ksStatistic(s(1, 5), s(2, 3, 4)), 'F(4) = 1/2, G(4) = 1').toBeCloseTo(0.5, 15);
    expect(ksStatistic(s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), s(10)), 'F(9) = 0.9, G(9) = 0').toBeCloseTo(0.9, 15);
  });

  it('white wines against red, columns in file order through your sortedSample: chlorides D = 0.8266', async () => {
    const { FEATURE_NAMES, loadWines } = await import('@mlops/dataset');
    const [red, white] = [await loadWines('red'), await loadWines('white')];
    const column = (rows: { features: number[] }[], name: string) => rows.map((r) => r.features[FEATURE_NAMES.indexOf(name as never)]!);
    const d = (name: string) => ksStatistic(sortedSample(column(red, name)), sortedSample(column(white, name)));
    expect(d('chlorides')).toBeCloseTo(0.826595, 6);
    expect(d('total sulfur dioxide')).toBeCloseTo(0.777806, 6);
    expect(d('volatile acidity')).toBeCloseTo(0.661458, 6);
  });
});
