// Drift on the real Wine Quality files: white vs red, shuffled and unshuffled halves of the red file.

import { FEATURE_COUNT, FEATURE_NAMES, loadWines, seededShuffle, type WineRow } from '@mlops/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetDrift, toColumns, type DriftReport } from '../src/index';
import { naiveKs, naiveStd, naiveWasserstein } from './naive-reference';

let red: WineRow[];
let white: WineRow[];
let whiteVsRed: DriftReport;
const columns = (rows: readonly WineRow[]): Float64Array[] => toColumns(rows.map((r) => r.features), FEATURE_COUNT);
const byName = (report: DriftReport, name: string) => report.features.find((f) => f.feature === name)!;

beforeAll(async () => {
  [red, white] = await Promise.all([loadWines('red'), loadWines('white')]);
  whiteVsRed = datasetDrift(FEATURE_NAMES, columns(red), columns(white));
});

describe('white wines against the red reference (whole files)', () => {
  it('drifts on every feature, decided by normalised Wasserstein (1599 reference rows > 1000)', () => {
    expect(whiteVsRed.referenceRows).toBe(1599);
    expect(whiteVsRed.currentRows).toBe(4898);
    expect(whiteVsRed.features.every((f) => f.test === 'wasserstein_norm' && f.drifted)).toBe(true);
    expect(whiteVsRed.driftedShare).toBe(1);
    expect(whiteVsRed.datasetDrift).toBe(true);
  });

  it('ranks chlorides (0.83), total sulfur dioxide (0.78), volatile acidity (0.66) first by KS statistic', () => {
    const top = [...whiteVsRed.features].sort((a, b) => b.statistic - a.statistic).slice(0, 3);
    expect(top.map((f) => f.feature)).toEqual(['chlorides', 'total sulfur dioxide', 'volatile acidity']);
    expect(top.map((f) => Number(f.statistic.toFixed(2)))).toEqual([0.83, 0.78, 0.66]);
  });

  it('ranks residual sugar, total sulfur dioxide, free sulfur dioxide first by normalised Wasserstein', () => {
    const top = [...whiteVsRed.features].sort((a, b) => b.wassersteinNormed - a.wassersteinNormed).slice(0, 3);
    expect(top.map((f) => f.feature)).toEqual(['residual sugar', 'total sulfur dioxide', 'free sulfur dioxide']);
    expect(whiteVsRed.features.map((f) => f.feature)).toEqual(
      [...whiteVsRed.features].sort((a, b) => b.wassersteinNormed - a.wassersteinNormed).map((f) => f.feature),
    );
  });

  it('agrees with a naive O(n*m) implementation to 1e-6 on every feature (KS, W1, normalised W1)', () => {
    FEATURE_NAMES.forEach((name, k) => {
      const ref = red.map((r) => r.features[k]!);
      const cur = white.map((r) => r.features[k]!);
      const f = byName(whiteVsRed, name);
      expect(Math.abs(f.statistic - naiveKs(ref, cur)), name).toBeLessThan(1e-6);
      const w = naiveWasserstein(ref, cur);
      expect(Math.abs(f.wasserstein - w), name).toBeLessThan(1e-6);
      expect(Math.abs(f.wassersteinNormed - w / Math.max(naiveStd(ref), 0.001)), name).toBeLessThan(1e-6);
    });
  });

  it('reports a finite PSI and a Jensen-Shannon distance in [0, sqrt(ln 2)] for every feature', () => {
    for (const f of whiteVsRed.features) {
      expect(Number.isFinite(f.psi) && f.psi > 0).toBe(true);
      expect(f.jensenShannon).toBeGreaterThan(0);
      expect(f.jensenShannon).toBeLessThanOrEqual(Math.sqrt(Math.LN2));
    }
  });
});

describe('halves of the red file (800 reference rows: the KS test decides)', () => {
  it('a seeded shuffled half/half split shows no dataset drift', () => {
    const shuffled = seededShuffle(red, 42);
    const half = Math.floor(shuffled.length / 2);
    const report = datasetDrift(FEATURE_NAMES, columns(shuffled.slice(0, half)), columns(shuffled.slice(half)));
    expect(report.features.every((f) => f.test === 'ks')).toBe(true);
    expect(report.datasetDrift).toBe(false);
    expect(report.driftedShare).toBeLessThan(0.5);
  });

  it('an unshuffled split drifts: the file is ordered, so its halves are different wines (the trap)', () => {
    const half = Math.floor(red.length / 2);
    const report = datasetDrift(FEATURE_NAMES, columns(red.slice(0, half)), columns(red.slice(half)));
    expect(report.datasetDrift).toBe(true);
    expect(report.driftedFeatures).toBe(10);
  });

  it('gives the exact KS p-values of scipy ks_2samp (method auto = exact here), volatile acidity just under 0.05', () => {
    const half = Math.floor(red.length / 2);
    const report = datasetDrift(FEATURE_NAMES, columns(red.slice(0, half)), columns(red.slice(half)));
    const scipy: Record<string, [number, number]> = {
      'volatile acidity': [0.06729974968710889, 0.04881951924175447],
      sulphates: [0.06638297872340425, 0.055740657948391316],
      'free sulfur dioxide': [0.09438673341677097, 0.0014860286207647863],
      'total sulfur dioxide': [0.10584167709637046, 0.00021868879292532333],
    };
    for (const [name, [statistic, pValue]] of Object.entries(scipy)) {
      const f = byName(report, name);
      expect(f.pValueMethod).toBe('exact');
      expect(Math.abs(f.statistic - statistic), name).toBeLessThan(1e-12);
      expect(Math.abs(f.pValue / pValue - 1), name).toBeLessThan(1e-9);
    }
    expect(byName(report, 'volatile acidity').drifted).toBe(true);
    expect(byName(report, 'sulphates').drifted).toBe(false);
  });
});
