// Step 5: one drift check written into the model_drift_* gauges that Prometheus scrapes and the alert reads.

import type { DriftReport } from '@mlops/drift/dataset-drift';
import type { FeatureDrift } from '@mlops/drift/feature-drift';
import { resolveDriftOptions } from '@mlops/drift/drift-options';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDriftGauges, recordDriftReport } from '@lab/drift-gauges';

function feature(name: string, drifted: boolean, statistic: number, wassersteinNormed: number, psiValue: number): FeatureDrift {
  return {
    feature: name, test: 'wasserstein_norm', statistic, pValue: 0.5, pValueMethod: 'asymp', wasserstein: wassersteinNormed * 2,
    wassersteinNormed, psi: psiValue, jensenShannon: 0.1, score: wassersteinNormed, threshold: 0.1, drifted,
    histogram: { edges: [], reference: [], current: [] },
  };
}

const report = (features: FeatureDrift[], datasetDrift: boolean): DriftReport => {
  const driftedFeatures = features.filter((f) => f.drifted).length;
  return { features, referenceRows: 1119, currentRows: 777, driftedFeatures, driftedShare: driftedFeatures / features.length, datasetDrift, options: resolveDriftOptions() };
};

/** Every sample of the registry as "name{labels}" -> value. */
async function samples(registry: Registry): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values) {
      const labels = Object.entries(v.labels).map(([k, l]) => `${k}="${l}"`).join(',');
      out.set(`${metric.name}{${labels}}`, v.value);
    }
  }
  return out;
}

const WINE = 'model="wine-quality",version="1"';

describe('step 5: recordDriftReport', () => {
  it('writes three scores and the verdict per feature: method ks (the KS statistic D), wasserstein_normed, psi', async () => {
    const registry = new Registry();
    const gauges = createDriftGauges(registry);
    recordDriftReport(gauges, { model: 'wine-quality', version: '1' }, report([feature('chlorides', true, 0.83, 2.1, 3.3), feature('pH', false, 0.04, 0.07, 0.02)], true), 500, 1_700_000_123);
    const got = await samples(registry);
    expect(got.get(`model_drift_score{${WINE},feature="chlorides",method="ks"}`), 'method "ks": the KS statistic D (f.statistic)').toBe(0.83);
    expect(got.get(`model_drift_score{${WINE},feature="chlorides",method="wasserstein_normed"}`)).toBe(2.1);
    expect(got.get(`model_drift_score{${WINE},feature="chlorides",method="psi"}`)).toBe(3.3);
    expect(got.get(`model_drift_score{${WINE},feature="pH",method="ks"}`), 'one series per feature: pH too').toBe(0.04);
    expect(got.get(`model_drift_score{${WINE},feature="pH",method="wasserstein_normed"}`)).toBe(0.07);
    expect(got.get(`model_drift_score{${WINE},feature="pH",method="psi"}`)).toBe(0.02);
    expect(got.get(`model_feature_drifted{${WINE},feature="chlorides"}`), 'drifted: 1').toBe(1);
    expect(got.get(`model_feature_drifted{${WINE},feature="pH"}`), 'not drifted: 0, set explicitly (a gauge never set is no series)').toBe(0);
  });

  it('writes the share, the data set verdict, the window size and the check time in seconds', async () => {
    const registry = new Registry();
    const gauges = createDriftGauges(registry);
    const features = [feature('a', true, 0.5, 0.5, 0.5), feature('b', false, 0, 0, 0), feature('c', false, 0, 0, 0), feature('d', false, 0, 0, 0)];
    recordDriftReport(gauges, { model: 'wine-quality', version: '1' }, report(features, false), 500, 1_700_000_123);
    const got = await samples(registry);
    expect(got.get(`model_drift_share{${WINE}}`), 'report.driftedShare: 1 of 4 features').toBe(0.25);
    expect(got.get(`model_drift_detected{${WINE}}`), 'report.datasetDrift is false: 0 (a drifted feature is not a drifted data set)').toBe(0);
    expect(got.get(`model_drift_window_rows{${WINE}}`), 'the windowRows argument (500), not report.currentRows').toBe(500);
    expect(got.get(`model_drift_last_check_timestamp_seconds{${WINE}}`), 'the `at` argument, already in seconds').toBe(1_700_000_123);
  });

  it('labels each model version apart and overwrites on the next check', async () => {
    const registry = new Registry();
    const gauges = createDriftGauges(registry);
    recordDriftReport(gauges, { model: 'wine-quality', version: '1' }, report([feature('a', true, 0.9, 1, 1)], true), 300, 10);
    recordDriftReport(gauges, { model: 'wine-quality', version: '2' }, report([feature('a', false, 0.1, 0.01, 0.01)], false), 200, 20);
    recordDriftReport(gauges, { model: 'wine-quality', version: '1' }, report([feature('a', false, 0.2, 0.02, 0.02)], false), 400, 30);
    const got = await samples(registry);
    expect(got.get(`model_drift_detected{${WINE}}`)).toBe(0);
    expect(got.get(`model_drift_detected{model="wine-quality",version="2"}`)).toBe(0);
    expect(got.get(`model_drift_share{${WINE}}`)).toBe(0);
    expect(got.get(`model_drift_window_rows{model="wine-quality",version="2"}`), 'version 2 keeps its own values').toBe(200);
    expect(got.get(`model_drift_last_check_timestamp_seconds{${WINE}}`)).toBe(30);
    expect(got.get(`model_feature_drifted{${WINE},feature="a"}`)).toBe(0);
  });

  it('says 1 when the data set drifted', async () => {
    const registry = new Registry();
    recordDriftReport(createDriftGauges(registry), { model: 'm', version: '3' }, report([feature('a', true, 0.9, 1, 1), feature('b', true, 0.9, 1, 1)], true), 1000, 1);
    const got = await samples(registry);
    expect(got.get('model_drift_detected{model="m",version="3"}')).toBe(1);
    expect(got.get('model_drift_share{model="m",version="3"}')).toBe(1);
  });
});
