import { describe, expect, it } from 'vitest';
import { datasetDrift, toColumns } from './dataset-drift';
import { resolveDriftOptions } from './drift-options';

const range = (n: number, shift = 0): number[] => Array.from({ length: n }, (_, i) => i + shift);

describe('datasetDrift', () => {
  it('uses KS up to 1000 reference rows and normalised Wasserstein above', () => {
    expect(datasetDrift(['x'], [range(1000)], [range(10)]).features[0]!.test).toBe('ks');
    expect(datasetDrift(['x'], [range(1001)], [range(10)]).features[0]!.test).toBe('wasserstein_norm');
  });

  it('reports nothing for identical samples', () => {
    const [f] = datasetDrift(['x'], [[3, 1, 2, 2]], [[2, 2, 1, 3]]).features;
    expect(f).toMatchObject({ statistic: 0, pValue: 1, wasserstein: 0, psi: 0, jensenShannon: 0, drifted: false });
  });

  it('sorts unsorted columns itself', () => {
    const a = datasetDrift(['x'], [[5, 1, 4, 2, 3]], [[9, 3, 7]]).features[0]!;
    const b = datasetDrift(['x'], [[1, 2, 3, 4, 5]], [[3, 7, 9]]).features[0]!;
    expect(a.statistic).toBe(b.statistic);
    expect(a.wasserstein).toBe(b.wasserstein);
  });

  it('flags the data set when the drifted share reaches datasetShare (>=), and ranks drifted features first', () => {
    const same = range(200);
    const shifted = range(200, 150);
    const report = datasetDrift(['same', 'moved'], [same, same], [same, shifted]);
    expect(report.features.map((f) => f.feature)).toEqual(['moved', 'same']);
    expect(report.driftedShare).toBe(0.5);
    expect(report.datasetDrift).toBe(true);
    expect(datasetDrift(['same', 'moved'], [same, same], [same, shifted], { datasetShare: 0.6 }).datasetDrift).toBe(false);
  });

  it('applies configured thresholds: KS p < ksPValue, Wasserstein > wassersteinThreshold', () => {
    const ref = range(100);
    const cur = range(100, 20); // D = 0.2, p ≈ 0.0366
    expect(datasetDrift(['x'], [ref], [cur]).features[0]!.drifted).toBe(true);
    expect(datasetDrift(['x'], [ref], [cur], { ksPValue: 0.01 }).features[0]!.drifted).toBe(false);
    const big = range(2000);
    const moved = range(2000, 100); // W = 100, std ≈ 577: 0.173
    expect(datasetDrift(['x'], [big], [moved]).features[0]!.drifted).toBe(true);
    expect(datasetDrift(['x'], [big], [moved], { wassersteinThreshold: 0.2 }).features[0]!.drifted).toBe(false);
  });

  it('rejects mismatched columns and meaningless thresholds', () => {
    expect(() => datasetDrift(['x', 'y'], [[1]], [[1]])).toThrow(/expected 2/);
    expect(() => resolveDriftOptions({ ksPValue: 0 })).toThrow(/ksPValue/);
    expect(() => resolveDriftOptions({ bins: 1 })).toThrow(/bins/);
  });

  it('turns rows into columns', () => {
    expect(toColumns([[1, 2], [3, 4]], 2).map((c) => [...c])).toEqual([[1, 3], [2, 4]]);
  });
});
