// The composed API in-process: lab 01 routes on the ONNX model, the v2 protocol, and behaviour without a model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_REPOSITORY } from '@mlops/model-store';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const RED_WINE_1 = {
  fixedAcidity: 7.4, volatileAcidity: 0.7, citricAcid: 0, residualSugar: 1.9, chlorides: 0.076, freeSulfurDioxide: 11,
  totalSulfurDioxide: 34, density: 0.9978, pH: 3.51, sulphates: 0.56, alcohol: 9.4,
};
const ROWS = [
  [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4],
  [7.3, 0.65, 0, 1.2, 0.065, 15, 21, 0.9946, 3.39, 0.47, 10],
  [8.5, 0.28, 0.56, 1.8, 0.092, 35, 103, 0.9969, 3.3, 0.75, 10.5],
];

describe('the API with the shipped model', () => {
  let api: Api;
  const observed: string[] = [];
  beforeAll(async () => {
    // Pinned: a learner's `npm run train` adds version 2, and these expectations are about the shipped version 1.
    api = await buildApi(readConfig({ MODEL_VERSION: '1' }), logger, {
      inferenceObserver: {
        onResponse: (e) => observed.push(`${e.method} ${e.route} ${e.status}`),
        onInfer: (e) => observed.push(`infer ${e.model}/${e.version} ${e.outcome} ${e.rows}`),
      },
    });
  });
  afterAll(() => api.close());

  it('reports the loaded model on /healthz', async () => {
    const res = await request(api.app).get('/healthz').expect(200);
    expect(res.body.model).toEqual({ name: 'wine-quality', version: '1' });
  });

  it('answers /v1/predict with a band and probabilities from the ONNX model', async () => {
    const res = await request(api.app).post('/v1/predict').send(RED_WINE_1).expect(200);
    expect(['low', 'medium', 'high']).toContain(res.body.band);
    const p = res.body.probabilities as Record<string, number>;
    expect(p.low! + p.medium! + p.high!).toBeCloseTo(1, 4);
    expect(res.body.band).toBe(Object.entries(p).sort((a, b) => b[1] - a[1])[0]![0]);
  });

  it('returns the probabilities onnxruntime computes on the model file directly', async () => {
    const session = await ort.InferenceSession.create(join(DEFAULT_MODEL_REPOSITORY, 'wine-quality', '1', 'model.onnx'));
    const direct = await session.run({ features: new ort.Tensor('float32', Float32Array.from(ROWS.flat()), [ROWS.length, 11]) });
    const expected = Array.from(direct.probabilities!.data as Float32Array);
    const res = await request(api.app)
      .post('/v2/models/wine-quality/infer')
      .send({ inputs: [{ name: 'features', shape: [ROWS.length, 11], datatype: 'FP32', data: ROWS }] })
      .expect(200);
    const probabilities = res.body.outputs.find((o: { name: string }) => o.name === 'probabilities');
    expect(probabilities.shape).toEqual([ROWS.length, 3]);
    probabilities.data.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i]!, 6));
    await session.release();
  });

  it('answers v2 on the data plane: request id echoed, the inference observer told', async () => {
    observed.length = 0;
    const res = await request(api.app)
      .post('/v2/models/wine-quality/infer')
      .set('x-request-id', 'req-42')
      .send({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: ROWS[0] }] })
      .expect(200);
    expect(res.headers['x-request-id']).toBe('req-42');
    await request(api.app).get('/v2').expect(200, { name: 'mlops-labs-serving', version: '0.1.0', extensions: ['binary_tensor_data'] });
    expect(observed).toEqual(['infer wine-quality/1 success 1', 'POST /v2/models/:name/infer 200', 'GET /v2 200']);
  });

  it('is ready, and answers unknown routes with a JSON 404', async () => {
    await request(api.app).get('/v2/health/ready').expect(200);
    const res = await request(api.app).get('/v3/nothing').expect(404);
    expect(res.body.error).toMatch(/no route/);
  });
});

describe('the API without a usable model', () => {
  let api: Api;
  let emptyRepository: string;
  beforeAll(async () => {
    emptyRepository = await mkdtemp(join(tmpdir(), 'empty-models-'));
    api = await buildApi(readConfig({ MODEL_REPOSITORY: emptyRepository }), logger);
  });
  afterAll(async () => {
    await api.close();
    await rm(emptyRepository, { recursive: true, force: true });
  });

  it('stays alive but not ready', async () => {
    await request(api.app).get('/healthz').expect(200);
    await request(api.app).get('/v2/health/live').expect(200);
    await request(api.app).get('/v2/health/ready').expect(503);
  });

  it('answers /v1/predict with a 503 that names the problem', async () => {
    const res = await request(api.app).post('/v1/predict').send(RED_WINE_1).expect(503);
    expect(res.body.error).toMatch(/wine-quality.*not loaded/);
  });
});

describe('readConfig', () => {
  it('lists every invalid variable', () => {
    expect(() => readConfig({ PORT: 'eighty', BATCHING: 'maybe' })).toThrow(/PORT[\s\S]*BATCHING/);
  });
});
