// The ordered-file trap, with your sortedSample and ksStatistic: halves of the red file in file order drift, shuffled halves do not.

import { FEATURE_NAMES, loadWines, seededShuffle, type WineRow } from '@mlops/dataset';
import { describe, expect, it } from 'vitest';
import { ksTest } from '@lab/ks-test';
import { sortedSample } from '@lab/sorted-sample';

/** Features whose KS p-value between the two halves is below 0.05. */
function drifting(rows: readonly WineRow[]): string[] {
  const half = Math.floor(rows.length / 2);
  return FEATURE_NAMES.filter((_, k) => {
    const a = sortedSample(rows.slice(0, half).map((r) => r.features[k]!));
    const b = sortedSample(rows.slice(half).map((r) => r.features[k]!));
    return ksTest(a, b).pValue < 0.05;
  });
}

describe('steps 1-3 on the real file: a reference split must be random', () => {
  it('the red file cut in file order drifts on 10 of 11 features; shuffled (seed 42) on 1', async () => {
    const red = await loadWines('red');
    expect(drifting(red), 'the file is ordered: its halves are different wines').toHaveLength(10);
    expect(drifting(seededShuffle(red, 42)), 'a seeded shuffle first: about 1 feature in 20 by chance').toEqual(['citric acid']);
  });
});
