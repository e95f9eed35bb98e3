// Live drift on the real wines: the wine-quality/1 training profile against white wines and held-out red ones.

import { FEATURE_COUNT, loadWines, splitDataset, type WineRow } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY, readManifest, type ModelManifest } from '@mlops/model-store';
import { Registry } from 'prom-client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveDriftMonitor, type LiveDriftCheck } from '../src/live-drift';

let manifest: ModelManifest;
let white: WineRow[];
let held: WineRow[];
const rowMajor = (rows: readonly WineRow[]): Float32Array => Float32Array.from(rows.flatMap((r) => r.features));

beforeAll(async () => {
  manifest = await readManifest(DEFAULT_MODEL_REPOSITORY, 'wine-quality', '1');
  white = await loadWines('white');
  ({ test: held } = splitDataset(await loadWines('red'), { seed: manifest.training.seed, validation: 0.15, test: 0.15 }));
});

afterEach(() => vi.useRealTimers());

function monitor(registry: Registry, extra: Partial<ConstructorParameters<typeof LiveDriftMonitor>[0]> = {}): LiveDriftMonitor {
  return new LiveDriftMonitor({
    registry,
    profileFor: (model, version) => (model === 'wine-quality' && version === '1' ? manifest.profile.features : undefined),
    windowRows: 1000,
    minRows: 100,
    now: () => 1_700_000_000_000,
    ...extra,
  });
}

/** The value of a series in the registry's exposition text. */
async function value(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('LiveDriftMonitor', () => {
  it('detects white wines against the red training profile and exports the gauges', async () => {
    const registry = new Registry();
    const live = monitor(registry);
    // The serving observer's onScored event, with its predictions the monitor does not need.
    const scored = { model: 'wine-quality', version: '1', features: rowMajor(white.slice(0, 1500)), featureCount: FEATURE_COUNT, rows: 1500, predicted: new Uint8Array(1500), labels: ['low', 'medium', 'high'] };
    live.observe(scored);
    const [check] = live.checkNow();
    expect(check!.windowRows).toBe(1000);
    expect(check!.report.datasetDrift).toBe(true);
    const labels = 'model="wine-quality",version="1"';
    expect(await value(registry, `model_drift_detected{${labels}}`)).toBe(1);
    expect(await value(registry, `model_drift_share{${labels}}`)).toBeGreaterThanOrEqual(0.5);
    expect(await value(registry, `model_drift_window_rows{${labels}}`)).toBe(1000);
    expect(await value(registry, `model_drift_last_check_timestamp_seconds{${labels}}`)).toBe(1_700_000_000);
    expect(await value(registry, `model_drift_score{${labels},feature="residual sugar",method="wasserstein_normed"}`)).toBeGreaterThan(1);
    expect(await value(registry, `model_feature_drifted{${labels},feature="chlorides"}`)).toBe(1);
  });

  it('retires a version that no longer serves: no window, no series, and a version once unknown is looked up again', async () => {
    const registry = new Registry();
    let serving = ['1'];
    const live = monitor(registry, { profileFor: (_model, version) => (serving.includes(version) ? manifest.profile.features : undefined) });
    live.addRows('wine-quality', '1', rowMajor(white.slice(0, 200)), 200, FEATURE_COUNT);
    expect(live.addRows('wine-quality', '2', rowMajor(white.slice(0, 200)), 200, FEATURE_COUNT), 'version 2 does not serve yet').toBe(0);
    live.checkNow();
    expect(await registry.metrics()).toContain('model_drift_detected{model="wine-quality",version="1"} 1');

    serving = ['2']; // version 2 took over
    live.retain((_model, version) => serving.includes(version));
    const text = await registry.metrics();
    expect(text, 'every series of the retired version goes, so its alert resolves').not.toMatch(/version="1"/);
    expect(live.windowOf('wine-quality', '1')).toBeUndefined();
    expect(live.addRows('wine-quality', '2', rowMajor(held), held.length, FEATURE_COUNT), 'version 2 is watched now').toBe(held.length);
    const [check] = live.checkNow();
    expect(check).toMatchObject({ version: '2', windowRows: held.length });
  });

  it('keeps held-out red wines below the threshold', async () => {
    const registry = new Registry();
    const live = monitor(registry);
    live.addRows('wine-quality', '1', rowMajor(held), held.length, FEATURE_COUNT);
    const [check] = live.checkNow();
    expect(check!.report.datasetDrift).toBe(false);
    expect(await value(registry, 'model_drift_detected{model="wine-quality",version="1"}')).toBe(0);
  });

  it('checks every intervalSeconds once started, and not with fewer than minRows rows', () => {
    vi.useFakeTimers();
    const checks: LiveDriftCheck[] = [];
    const live = monitor(new Registry(), { intervalSeconds: 30, onCheck: (c) => checks.push(c) }).start();
    live.addRows('wine-quality', '1', rowMajor(white.slice(0, 50)), 50, FEATURE_COUNT);
    vi.advanceTimersByTime(30_000);
    expect(checks, '50 rows < minRows 100: no check').toHaveLength(0);
    live.addRows('wine-quality', '1', rowMajor(white.slice(50, 150)), 100, FEATURE_COUNT);
    vi.advanceTimersByTime(29_999);
    expect(checks).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.windowRows).toBe(150);
    live.stop();
    vi.advanceTimersByTime(60_000);
    expect(checks).toHaveLength(1);
  });

  it('ignores rows of a model without a profile, of the wrong width, and beyond maxModels versions', () => {
    const live = monitor(new Registry(), { maxModels: 1 });
    expect(live.addRows('other', '1', new Float32Array(11), 1, 11)).toBe(0);
    expect(live.addRows('wine-quality', '1', new Float32Array(10), 1, 10)).toBe(0);
    expect(live.addRows('wine-quality', '1', new Float32Array(11), 1, 11), 'the first slot went to "other", which has no profile').toBe(0);
    expect(live.windowOf('wine-quality', '1')).toBeUndefined();
  });

  it('never throws from observe: a failing profile lookup goes to onError', () => {
    const errors: unknown[] = [];
    const live = new LiveDriftMonitor({ registry: new Registry(), profileFor: () => { throw new Error('manifest gone'); }, onError: (e) => errors.push(e) });
    expect(() => live.observe({ model: 'm', version: '1', features: new Float32Array(11), featureCount: 11, rows: 1 })).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
