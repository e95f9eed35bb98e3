// Steps 4-5: the inference metrics, fed by events and by the real v2 data plane with its micro-batcher.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_ROWS_BUCKETS, INFERENCE_SECONDS_BUCKETS } from '@mlops/metrics/buckets';
import { createMetricsRegistry } from '@mlops/metrics';
import { createInferencePlane, DEFAULT_MODEL_REPOSITORY, ModelRegistry } from '@mlops/serving';
import { createInferenceMetricsObserver, registerInferenceMetrics } from '@lab/inference-metrics';
import { described, sample, series } from './samples';

const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const m = { model: 'wine-quality', version: '3' };

describe('step 4: registerInferenceMetrics', () => {
  it('registers counters for what only goes up and histograms for what is measured, with the labels of the table', () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const set = registerInferenceMetrics(registry);
    const expected = {
      inference_requests_total: { type: 'counter', labelNames: ['model', 'outcome', 'version'] },
      inference_queue_seconds: { type: 'histogram', labelNames: ['model', 'version'] },
      inference_compute_seconds: { type: 'histogram', labelNames: ['model', 'version'] },
      inference_batch_rows: { type: 'histogram', labelNames: ['model', 'version'] },
      inference_predictions_total: { type: 'counter', labelNames: ['class', 'model', 'version'] },
    };
    for (const [name, shape] of Object.entries(expected)) expect(described(registry, name), name).toEqual(shape);
    expect([set.requests, set.queue, set.compute, set.batchRows, set.predictions], 'return each metric under its InferenceMetricSet name').toEqual(
      ['inference_requests_total', 'inference_queue_seconds', 'inference_compute_seconds', 'inference_batch_rows', 'inference_predictions_total'].map((n) => registry.getSingleMetric(n)),
    );
  });

  it('uses seconds buckets for the times and row buckets for the batch size', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const set = registerInferenceMetrics(registry);
    set.queue.observe(m, 0.001);
    set.compute.observe(m, 0.001);
    set.batchRows.observe(m, 8);
    const text = await registry.metrics();
    const les = (name: string) => [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"`, 'gm'))].map((x) => x[1]);
    const seconds = [...INFERENCE_SECONDS_BUCKETS.map(String), '+Inf'];
    expect(les('inference_queue_seconds'), 'queue: INFERENCE_SECONDS_BUCKETS').toEqual(seconds);
    expect(les('inference_compute_seconds'), 'compute: INFERENCE_SECONDS_BUCKETS').toEqual(seconds);
    expect(les('inference_batch_rows'), 'batch rows: BATCH_ROWS_BUCKETS').toEqual([...BATCH_ROWS_BUCKETS.map(String), '+Inf']);
  });
});

describe('step 5: the observer', () => {
  it('counts finished requests by model, version and outcome', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const observer = createInferenceMetricsObserver(registry);
    observer.onInfer!({ ...m, outcome: 'success', rows: 3, seconds: 0.002 });
    observer.onInfer!({ ...m, outcome: 'success', rows: 1, seconds: 0.001 });
    observer.onInfer!({ ...m, outcome: 'client_error', rows: 0, seconds: 0 });
    expect((await series(registry, 'inference_requests_total')).sort()).toEqual([
      'model=wine-quality,version=3,outcome=client_error 1',
      'model=wine-quality,version=3,outcome=success 2',
    ]);
  });

  it('observes each run\'s queue wait, compute time and rows in their own histograms', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const observer = createInferenceMetricsObserver(registry);
    observer.onRun!({ ...m, rows: 5, queueSeconds: 0.0004, computeSeconds: 0.0007 });
    observer.onRun!({ ...m, rows: 64, queueSeconds: 0.0001, computeSeconds: 0.0002 });
    expect(await sample(registry, 'inference_queue_seconds_sum', m), 'queueSeconds into inference_queue_seconds').toBeCloseTo(0.0005, 10);
    expect(await sample(registry, 'inference_compute_seconds_sum', m), 'computeSeconds into inference_compute_seconds').toBeCloseTo(0.0009, 10);
    expect(await sample(registry, 'inference_batch_rows_sum', m), 'rows into inference_batch_rows').toBe(69);
    expect(await sample(registry, 'inference_batch_rows_count', m), 'one observation per run').toBe(2);
    expect(await sample(registry, 'inference_batch_rows_bucket', { ...m, le: '4' }), 'the 5-row run is above the le="4" bucket').toBe(0);
  });

  it('counts each scored row under its predicted class label', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const observer = createInferenceMetricsObserver(registry);
    const scored = { ...m, features: new Float32Array(55), featureCount: 11, labels: ['low', 'medium', 'high'] };
    observer.onScored!({ ...scored, rows: 5, predicted: Int32Array.from([2, 0, 2, 2, 0]) });
    observer.onScored!({ ...scored, rows: 2, predicted: [2, 2, 1] });
    // A class never predicted may have its series at 0 or none at all.
    const counted = (await series(registry, 'inference_predictions_total')).filter((s) => !s.endsWith(' 0')).sort();
    expect(counted, 'only the first `rows` entries of predicted count').toEqual([
      'model=wine-quality,version=3,class=high 5',
      'model=wine-quality,version=3,class=low 2',
    ]);
  });

  describe('around the real micro-batcher (the v2 data plane of @mlops/serving)', () => {
    let models: ModelRegistry;
    let server: Server;
    let base = '';
    const registry = createMetricsRegistry({ defaultMetrics: false });
    beforeAll(async () => {
      models = await ModelRegistry.open({ repository: DEFAULT_MODEL_REPOSITORY, models: [{ name: 'wine-quality', version: '1' }] });
      // A 5 ms window, so concurrent requests are merged into one onnxruntime run.
      const plane = createInferencePlane({ registry: models, batching: { maxQueueDelayMs: 5 }, observer: createInferenceMetricsObserver(registry) });
      server = createServer(plane.handler((_req, res) => void res.writeHead(404).end())).listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await models.close();
    });

    const infer = (rows: number) =>
      fetch(`${base}/v2/models/wine-quality/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data: Array(rows).fill(WINE).flat() }] }),
      });

    it('shows the real batch sizes, outcomes and predicted classes', async () => {
      const statuses = await Promise.all([1, 2, 3, 4, 5, 6].map(async (rows) => (await infer(rows)).status));
      expect(statuses).toEqual(Array(6).fill(200));
      expect((await infer(0)).status).toBe(400);
      const v1 = { model: 'wine-quality', version: '1' };
      expect(await sample(registry, 'inference_requests_total', { ...v1, outcome: 'success' })).toBe(6);
      expect(await sample(registry, 'inference_requests_total', { ...v1, outcome: 'client_error' })).toBe(1);
      expect(await sample(registry, 'inference_batch_rows_sum', v1), 'every scored row is in some run').toBe(21);
      const runs = (await sample(registry, 'inference_batch_rows_count', v1))!;
      expect(runs, 'the micro-batcher merged the six concurrent requests into fewer runs').toBeLessThan(6);
      expect(await sample(registry, 'inference_compute_seconds_count', v1)).toBe(runs);
      expect(await sample(registry, 'inference_queue_seconds_count', v1)).toBe(runs);
      const predicted = (await series(registry, 'inference_predictions_total')).map((s) => Number(s.split(' ')[1]));
      expect(predicted.reduce((a, b) => a + b, 0), 'one prediction per scored row').toBe(21);
    });
  });
});
