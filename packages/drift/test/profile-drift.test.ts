// The profile-only approximation (model manifest) against the exact statistics on the training split's raw rows.

import { FEATURE_COUNT, FEATURE_NAMES, loadWines, splitDataset, type WineRow } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY, readManifest, type ModelManifest } from '@mlops/model-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetDrift, profileDatasetDrift, toColumns, type DriftReport } from '../src/index';

let manifest: ModelManifest;
let train: WineRow[];
let held: WineRow[];
let white: WineRow[];
const columns = (rows: readonly WineRow[]): Float64Array[] => toColumns(rows.map((r) => r.features), FEATURE_COUNT);

/** Largest |approximate - exact| of a statistic over the features. */
function maxError(approx: DriftReport, exact: DriftReport, key: 'statistic' | 'wassersteinNormed'): number {
  return Math.max(...exact.features.map((e) => Math.abs(approx.features.find((a) => a.feature === e.feature)![key] - e[key])));
}

beforeAll(async () => {
  manifest = await readManifest(DEFAULT_MODEL_REPOSITORY, 'wine-quality', '1');
  const red = await loadWines('red');
  white = await loadWines('white');
  // The split the model was trained on (manifest: seed 42, 1119 training rows).
  ({ train, test: held } = splitDataset(red, { seed: manifest.training.seed, validation: 0.15, test: 0.15 }));
});

describe('drift against the wine-quality/1 training profile', () => {
  it('is the profile of the seed-42 training split (same rows, min and max)', () => {
    expect(train).toHaveLength(manifest.profile.rows);
    const tc = columns(train);
    manifest.profile.features.forEach((p, k) => {
      expect(p.name).toBe(FEATURE_NAMES[k]);
      expect(Math.min(...tc[k]!)).toBe(p.min);
      expect(Math.max(...tc[k]!)).toBe(p.max);
    });
  });

  it('approximates KS within 0.035 and normalised Wasserstein within 0.02 of the exact values (white and held-out red)', () => {
    for (const current of [white, held]) {
      const exact = datasetDrift(FEATURE_NAMES, columns(train), columns(current));
      const approx = profileDatasetDrift(manifest.profile.features, columns(current));
      expect(maxError(approx, exact, 'statistic')).toBeLessThan(0.035);
      expect(maxError(approx, exact, 'wassersteinNormed')).toBeLessThan(0.02);
      expect(approx.datasetDrift).toBe(exact.datasetDrift);
    }
  });

  it('flags the white wines on every feature and not the held-out red test split', () => {
    expect(profileDatasetDrift(manifest.profile.features, columns(white)).driftedShare).toBe(1);
    expect(profileDatasetDrift(manifest.profile.features, columns(held)).datasetDrift).toBe(false);
  });
});
