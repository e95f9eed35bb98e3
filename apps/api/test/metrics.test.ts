// GET /metrics of the composed API: data-plane and Express requests counted once each, inference and model metrics, lint-clean.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mlops/http-service';
import { lintMetrics } from '@mlops/metrics/promtool';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const infer = (rows: number) => ({ inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data: Array.from({ length: rows }, () => WINE).flat() }] });

describe('the API with metrics on (the default)', () => {
  let api: Api;
  const drift: string[] = [];
  beforeAll(async () => {
    api = await buildApi(readConfig({ MODEL_VERSION: '1' }), logger, { inferenceObserver: { onScored: (e) => drift.push(`${e.rows}`) } });
  });
  afterAll(() => api.close());

  it('counts plane and Express requests once each, by route template, and keeps the other observer working', async () => {
    await request(api.app).post('/v2/models/wine-quality/infer').send(infer(2)).expect(200);
    await request(api.app).post('/v2/models/wine-quality/infer').send(infer(1)).expect(200);
    await request(api.app).post('/v2/models/wine-quality/infer').send({ inputs: [] }).expect(400);
    await request(api.app).get('/healthz').expect(200);
    await request(api.app).get('/no/such/page-123').expect(404);
    const res = await request(api.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toContain('http_requests_total{method="POST",route="/v2/models/:name/infer",status_class="2xx"} 2\n');
    expect(text).toContain('http_requests_total{method="POST",route="/v2/models/:name/infer",status_class="4xx"} 1\n');
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status_class="2xx"} 1\n');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status_class="4xx"} 1\n');
    expect(text).not.toContain('page-123');
    expect(text).toContain('inference_requests_total{model="wine-quality",version="1",outcome="success"} 2\n');
    expect(text).toContain('inference_requests_total{model="wine-quality",version="1",outcome="client_error"} 1\n');
    expect(text).toMatch(/^inference_batch_rows_sum\{model="wine-quality",version="1"\} 3$/m);
    expect(text).toMatch(/^inference_compute_seconds_count\{model="wine-quality",version="1"\} [12]$/m);
    expect(text).toMatch(/^model_info\{name="wine-quality",version="1",sha256="[0-9a-f]{64}"\} 1$/m);
    expect(text).toContain('process_cpu_seconds_total');
    const predicted = [...text.matchAll(/^inference_predictions_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(predicted).toBe(3);
    expect(drift).toEqual(['2', '1']);
    expect(await lintMetrics(text)).toEqual([]);
  });

  it('counts GET /metrics itself under its route', async () => {
    const text = (await request(api.app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/metrics",status_class="2xx"\} [1-9]/m);
  });
});

describe('the API with METRICS=off', () => {
  it('has no /metrics route and no registry', async () => {
    const api = await buildApi(readConfig({ MODEL_VERSION: '1', METRICS: 'off' }), logger);
    try {
      await request(api.app).get('/metrics').expect(404);
      expect(api.metrics).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
