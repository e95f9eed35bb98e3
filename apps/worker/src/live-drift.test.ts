// The worker's drift scorer: the real model scores, and the rows it scored reach the drift gauges.

import { loadWines } from '@mlops/dataset';
import { createLogger } from '@mlops/http-service';
import { DEFAULT_MODEL_REPOSITORY } from '@mlops/model-store';
import { loadModel, type LoadedModel } from '@mlops/serving';
import { createMetricsRegistry } from '@mlops/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerLiveDrift } from './live-drift';

const config = { enabled: true, windowRows: 1000, sampleRate: 1, intervalSeconds: 3600, minRows: 100 };
let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel({ repository: DEFAULT_MODEL_REPOSITORY, name: 'wine-quality', version: '1' });
});
afterAll(() => model?.close());

describe('startWorkerLiveDrift', () => {
  it('scores with the model and puts the scored white wines in the window: the next check says drift', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const drift = startWorkerLiveDrift(config, registry, model, createLogger({ level: 'silent' }))!;
    try {
      const white = (await loadWines('white')).slice(0, 500);
      const features = Float32Array.from(white.flatMap((w) => w.features));
      const probabilities = await drift.scorer.score(features, white.length);
      expect(probabilities).toEqual(await model.score(features, white.length));
      expect(drift.monitor.windowOf('wine-quality', '1')!.size).toBe(500);
      const [check] = drift.monitor.checkNow();
      expect(check!.report.datasetDrift).toBe(true);
      expect(await registry.getSingleMetricAsString('model_drift_detected')).toContain('model_drift_detected{model="wine-quality",version="1"} 1');
    } finally {
      drift.stop();
    }
  });

  it('is off with DRIFT_LIVE off', () => {
    expect(startWorkerLiveDrift({ ...config, enabled: false }, createMetricsRegistry({ defaultMetrics: false }), model, createLogger({ level: 'silent' }))).toBeUndefined();
  });
});
