// The v2 REST routes over the committed model: health, metadata, infer results and the 4xx messages.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceRouter, ModelRegistry, shortestFloat32 } from '../src/index';
import { distinctRows, MODEL, referenceScores, REPOSITORY, WINES } from './helpers/model-fixture';
import { inferBody, openServedApp } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

let served: Awaited<ReturnType<typeof openServedApp>>;
beforeAll(async () => {
  served = await openServedApp({ maxRowsPerRequest: 100 });
});
afterAll(() => served.close());

/** JSON numbers of an FP32 output read as float32, as a client reading the response as float32 does. */
const asFloat32 = (data: readonly number[]): number[] => data.map((v) => Math.fround(v));

const infer = (body: unknown, path = `/v2/models/${MODEL}/infer`) => request(served.app).post(path).send(body as object);

describe('health and metadata', () => {
  it('answers live and ready', async () => {
    expect((await request(served.app).get('/v2/health/live')).body).toEqual({ live: true });
    const ready = await request(served.app).get('/v2/health/ready');
    expect([ready.status, ready.body]).toEqual([200, { ready: true }]);
    const modelReady = await request(served.app).get(`/v2/models/${MODEL}/ready`);
    expect([modelReady.status, modelReady.body]).toEqual([200, { name: MODEL, ready: true }]);
  });

  it('describes the server and the model', async () => {
    const server = await request(served.app).get('/v2');
    expect(server.body).toMatchObject({ name: expect.any(String), version: expect.any(String), extensions: ['binary_tensor_data'] });
    const model = await request(served.app).get(`/v2/models/${MODEL}`);
    expect(model.status).toBe(200);
    expect(model.body).toMatchObject({
      name: MODEL,
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 11] }],
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
        { name: 'label', datatype: 'BYTES', shape: [-1] },
      ],
    });
    const version = model.body.versions[0] as string;
    expect((await request(served.app).get(`/v2/models/${MODEL}/versions/${version}`)).body.name).toBe(MODEL);
  });

  it('answers 404 listing the known models for an unknown model', async () => {
    const res = await request(served.app).get('/v2/models/red-wine');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('no model named "red-wine"; known models: "wine-quality"');
    expect((await infer(inferBody(WINES[0]!), '/v2/models/red-wine/infer')).status).toBe(404);
  });

  it('answers 404 naming the loaded version for a version that is not loaded', async () => {
    const res = await infer(inferBody(WINES[0]!), `/v2/models/${MODEL}/versions/999/infer`);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/no version "999" loaded; loaded version: "\d+"/);
  });

  it('reports not ready (503) before the models are loaded', async () => {
    const registry = new ModelRegistry({ repository: REPOSITORY, models: [{ name: MODEL }] });
    const app = createTestApp(createInferenceRouter({ registry }));
    expect((await request(app).get('/v2/health/ready')).status).toBe(503);
    const res = await request(app).post(`/v2/models/${MODEL}/infer`).send(inferBody(WINES[0]!));
    expect([res.status, res.body.error]).toEqual([503, 'model "wine-quality" is not ready (it is loading)']);
    await registry.close();
  });
});

describe('POST /v2/models/{name}/infer', () => {
  it('returns the probabilities onnxruntime computes on the file, and the most probable label', async () => {
    const data = distinctRows(3);
    const res = await infer(inferBody(data, 3, { id: 'req-1' }));
    expect(res.status).toBe(200);
    const expected = await referenceScores(data, 3);
    expect(res.body).toMatchObject({ model_name: MODEL, model_version: expect.any(String), id: 'req-1' });
    expect({ ...res.body.outputs[0], data: asFloat32(res.body.outputs[0].data) }).toEqual({ name: 'probabilities', shape: [3, 3], datatype: 'FP32', data: expected });
    const labels = [0, 1, 2].map((r) => ['low', 'medium', 'high'][expected.slice(r * 3, r * 3 + 3).indexOf(Math.max(...expected.slice(r * 3, r * 3 + 3)))]);
    expect(res.body.outputs[1]).toEqual({ name: 'label', shape: [3], datatype: 'BYTES', data: labels });
  });

  it('writes each probability in its shortest float32 text, which reads back as the same float32', async () => {
    const data = distinctRows(4, 11);
    const res = await infer(inferBody(data, 4));
    const expected = await referenceScores(data, 4);
    const text = /"data":\[([^\]]*)\]/.exec(res.text)![1]!.split(',');
    expect(text).toEqual(expected.map(shortestFloat32));
    const digits = (t: string): number => t.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length;
    expect(text.every((t) => digits(t) <= 9), res.text).toBe(true);
  });

  it('returns the same probabilities with batching off (flat data goes straight to onnxruntime)', async () => {
    const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
    try {
      const app = createTestApp(createInferenceRouter({ registry, batching: false }));
      const data = distinctRows(7, 3);
      const res = await request(app).post(`/v2/models/${MODEL}/infer`).send(inferBody(data, 7));
      expect(res.status).toBe(200);
      expect(asFloat32(res.body.outputs[0].data)).toEqual(await referenceScores(data, 7));
    } finally {
      await registry.close();
    }
  });

  it('accepts data nested by row and returns only the outputs asked for', async () => {
    const body = { inputs: [{ name: 'features', shape: [2, 11], datatype: 'FP32', data: WINES }], outputs: [{ name: 'label' }] };
    const res = await infer(body);
    expect(res.status).toBe(200);
    expect(res.body.outputs).toHaveLength(1);
    expect(res.body.outputs[0]).toMatchObject({ name: 'label', shape: [2] });
  });

  it('accepts FP64 by converting it to float32', async () => {
    const res = await infer({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP64', data: WINES[0] }] });
    expect(res.status).toBe(200);
  });

  it.each([
    ['INT8', 7.4],
    ['UINT8', -7.4],
    ['INT64', 7],
  ])('refuses the integer datatype %s (with %s among the values): the model takes floating-point numbers', async (datatype, first) => {
    const res = await infer({ inputs: [{ name: 'features', shape: [1, 11], datatype, data: [first, ...WINES[0]!.slice(1)] }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(`input "features" has datatype "${datatype}"; this model takes floating-point numbers: use "FP32" (or "FP64")`);
  });

  it.each([
    ['a row with 10 features instead of 11', [{ name: 'features', shape: [1, 10], datatype: 'FP32', data: WINES[0]!.slice(1) }], /shape \[1,10\]; each row needs 11 values: use \[1,11\]/],
    ['10 values for shape [1,11]', inferBody(WINES[0]!.slice(1), 1).inputs, /^input "features" has shape \[1,11\] but 10 values; expected 11$/],
    ['21 values for shape [2,11]', [{ name: 'features', shape: [2, 11], datatype: 'FP32', data: [...WINES[0]!, ...WINES[1]!.slice(1)] }], /^input "features" has shape \[2,11\] but 21 values; expected 22$/],
    ['an unknown input name', [{ name: 'x', shape: [1, 11], datatype: 'FP32', data: WINES[0] }], /unknown input "x"; this model takes one input named "features"/],
    ['a BYTES datatype', [{ name: 'features', shape: [1, 11], datatype: 'BYTES', data: WINES[0] }], /datatype "BYTES"; this model takes floating-point numbers: use "FP32"/],
    ['a string among the values', [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: [...WINES[0]!.slice(0, 10), '9.4'] }], /value at row 0, column 10 is "9.4"/],
    ['a number too big for float32', [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: [...WINES[0]!.slice(0, 10), 1e300] }], /finite number/],
    ['a shape that is not [rows, 11]', [{ name: 'features', shape: [11], datatype: 'FP32', data: WINES[0] }], /use \[rows, 11\]/],
    ['no inputs at all', [], /"inputs" must be a non-empty array/],
  ])('rejects %s with 400 and a message saying what to fix', async (_name, inputs, message) => {
    const res = await infer({ inputs });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it('quotes a bad value briefly, never whole, and says what 1e400 and a float32 overflow are', async () => {
    const long = await request(served.app)
      .post(`/v2/models/${MODEL}/infer`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: ['x'.repeat(200_000), ...WINES[0]!.slice(1)] }] }));
    expect(long.status).toBe(400);
    expect(long.body.error).toBe(`input "features" value at row 0, column 0 is "${'x'.repeat(100)}…" (200000 characters); every value must be a finite number`);
    const huge = await request(served.app)
      .post(`/v2/models/${MODEL}/infer`)
      .set('content-type', 'application/json')
      .send(`{"inputs":[{"name":"features","shape":[1,11],"datatype":"FP32","data":[1e400,${WINES[0]!.slice(1).join(',')}]}]}`);
    expect(huge.body.error).toMatch(/value at row 0, column 0 is not a finite number \(beyond ±1\.8e308, such as 1e400\)/);
    const wide = await infer({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: [1e39, ...WINES[0]!.slice(1)] }] });
    expect(wide.body.error).toMatch(/value at row 0, column 0 is 1e\+39, beyond float32's range/);
  });

  it('rejects an unknown output name and a non-JSON body with 400', async () => {
    const res = await infer(inferBody(WINES[0]!, 1, { outputs: [{ name: 'quality' }] }));
    expect([res.status, res.body.error]).toEqual([400, 'unknown output "quality"; this model has outputs "probabilities", "label"']);
    const text = await request(served.app).post(`/v2/models/${MODEL}/infer`).set('content-type', 'text/plain').send('hello');
    expect([text.status, text.body.error]).toEqual([400, 'send a JSON body with Content-Type: application/json']);
    const broken = await request(served.app).post(`/v2/models/${MODEL}/infer`).set('content-type', 'application/json').send('{"inputs":');
    expect(broken.status).toBe(400);
  });

  it('answers 413 above the configured rows per request', async () => {
    const res = await infer(inferBody(distinctRows(101), 101));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/101 rows; at most 100 per request: split it/);
  });

  it('answers 413 for a body over bodyLimit', async () => {
    const app = createTestApp(createInferenceRouter({ registry: served.registry, bodyLimit: '1kb' }));
    const res = await request(app).post(`/v2/models/${MODEL}/infer`).send(inferBody(distinctRows(20), 20));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it('gives each of many concurrent callers exactly its own rows (micro-batched)', async () => {
    const callers = Array.from({ length: 40 }, (_, i) => ({ rows: 1 + (i % 4), data: distinctRows(1 + (i % 4), i * 7) }));
    const responses = await Promise.all(callers.map((c) => infer(inferBody(c.data, c.rows, { id: `c${callers.indexOf(c)}` }))));
    for (const [i, c] of callers.entries()) {
      const res = responses[i]!;
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(`c${i}`);
      expect(asFloat32(res.body.outputs[0].data)).toEqual(await referenceScores(c.data, c.rows));
    }
  });

  it('answers bad requests among good concurrent ones without failing the good ones', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => (i % 5 === 2 ? inferBody(WINES[0]!.slice(2), 1) : inferBody(distinctRows(1, i), 1)));
    const responses = await Promise.all(bodies.map((b) => infer(b)));
    expect(responses.map((r) => r.status)).toEqual(bodies.map((_, i) => (i % 5 === 2 ? 400 : 200)));
  });
});
