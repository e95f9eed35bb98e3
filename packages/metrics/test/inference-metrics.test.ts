// The inference observer: outcomes, queue vs compute seconds, rows per run, predictions per class, model_info, lint.

import { describe, expect, it } from 'vitest';
import { createBatchMetrics, createHttpMetrics, createInferenceMetricsObserver, createMetricsRegistry, createModelInfo, metricsText } from '../src/index';
import { lintMetrics } from '../src/promtool';

const m = { model: 'wine-quality', version: '1' };

describe('createInferenceMetricsObserver', () => {
  it('records what the data plane reports under the contract names', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const observer = createInferenceMetricsObserver(registry, createHttpMetrics(registry));
    observer.onInfer!({ ...m, outcome: 'success', rows: 3, seconds: 0.002 });
    observer.onInfer!({ ...m, outcome: 'success', rows: 1, seconds: 0.001 });
    observer.onInfer!({ ...m, outcome: 'client_error', rows: 0, seconds: 0.0001 });
    observer.onRun!({ ...m, rows: 4, queueSeconds: 0.0003, computeSeconds: 0.0007 });
    observer.onScored!({ ...m, features: new Float32Array(44), featureCount: 11, rows: 4, predicted: [0, 2, 2, 1], labels: ['low', 'medium', 'high'] });
    observer.onResponse!({ method: 'POST', route: '/v2/models/:name/infer', status: 200, seconds: 0.002 });
    const text = await registry.metrics();
    expect(text).toContain('inference_requests_total{model="wine-quality",version="1",outcome="success"} 2');
    expect(text).toContain('inference_requests_total{model="wine-quality",version="1",outcome="client_error"} 1');
    expect(text).toContain('inference_queue_seconds_sum{model="wine-quality",version="1"} 0.0003');
    expect(text).toContain('inference_compute_seconds_sum{model="wine-quality",version="1"} 0.0007');
    expect(text).toContain('inference_batch_rows_bucket{le="4",model="wine-quality",version="1"} 1');
    expect(text).toContain('inference_batch_rows_bucket{le="2",model="wine-quality",version="1"} 0');
    expect(text).toContain('inference_predictions_total{model="wine-quality",version="1",class="high"} 2');
    expect(text).toContain('inference_predictions_total{model="wine-quality",version="1",class="low"} 1');
    expect(text).toContain('http_requests_total{method="POST",route="/v2/models/:name/infer",status_class="2xx"} 1');
  });

  it('leaves onResponse out without HTTP metrics', () => {
    expect(createInferenceMetricsObserver(createMetricsRegistry({ defaultMetrics: false })).onResponse).toBeUndefined();
  });
});

describe('model_info', () => {
  it('is 1 for the served version only', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const info = createModelInfo(registry);
    info.set([{ name: 'wine-quality', version: '1', sha256: 'ab' }]);
    info.set([{ name: 'wine-quality', version: '2', sha256: 'cd' }]);
    const text = await registry.metrics();
    expect(text).toContain('model_info{name="wine-quality",version="2",sha256="cd"} 1');
    expect(text).not.toContain('version="1"');
  });
});

describe('the whole exposition', () => {
  it('passes promtool check metrics with default, HTTP, inference, batch and extra metrics', async () => {
    const registry = createMetricsRegistry();
    const observer = createInferenceMetricsObserver(registry, createHttpMetrics(registry));
    observer.onRun!({ ...m, rows: 1, queueSeconds: 0, computeSeconds: 0.0001 });
    createModelInfo(registry).set([{ name: 'wine-quality', version: '1', sha256: 'ab' }]);
    const batch = createBatchMetrics(registry, { reasons: ['redis', 'other'] });
    batch.chunkDone(1000, 0.05);
    batch.chunkFailed('redis');
    batch.chunkStalled();
    const extra = '# HELP bullmq_jobs Number of jobs in the queue by state\n# TYPE bullmq_jobs gauge\nbullmq_jobs{queue="q", state="waiting"} 0';
    const text = await metricsText(registry, [() => extra, () => Promise.reject(new Error('Redis away'))]);
    expect(text).toContain('batch_rows_scored_total 1000');
    expect(text).toContain('batch_chunk_failures_total{reason="redis"} 1');
    expect(text).toContain('batch_chunk_failures_total{reason="other"} 0');
    expect(text).toContain('batch_stalled_chunks_total 1');
    expect(text.endsWith('bullmq_jobs{queue="q", state="waiting"} 0\n')).toBe(true);
    expect(await lintMetrics(text)).toEqual([]);
  });

  it('is caught by promtool when a metric breaks the conventions (so the lint can fail)', async () => {
    expect(await lintMetrics('# HELP requests_count Requests.\n# TYPE requests_count counter\nrequests_count 1\n')).not.toEqual([]);
  });
});
