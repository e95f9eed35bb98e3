// Step 4: the app factory, driven over real HTTP with supertest: your middleware order, with your steps 1-3 inside.
import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@mlops/http-service/logger';
import type { Predictor } from '@mlops/http-service/predictor';
import { baselinePredictor } from '@lab/baseline-model';
import { createApp, type AppDeps } from '@lab/create-app';
import { RED_WINE_1 } from './wines';

const logger = createLogger({ level: 'silent' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A model that is not the rule model: it calls every wine high. */
const fakePredictor: Predictor = {
  info: { name: 'fake-model', version: '7' },
  predict: async (rows) => rows.map(() => ({ band: 'high' })),
};

function appWith(deps: Partial<AppDeps> = {}) {
  return createApp({ logger, predictor: baselinePredictor, bodyLimit: '2kb', ...deps });
}

describe('step 4: createApp', () => {
  it('answers GET /healthz with status ok and the model of deps.predictor', async () => {
    const res = await request(appWith({ predictor: fakePredictor })).get('/healthz');
    expect(res.status, 'mount createHealthRouter(deps.predictor)').toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.model, 'give the health router deps.predictor, the model this app serves').toEqual(fakePredictor.info);
  });

  it('predicts with deps.predictor on POST /v1/predict', async () => {
    const res = await request(appWith()).post('/v1/predict').send(RED_WINE_1);
    expect(res.status, 'mount createPredictRouter(deps.predictor, { bodyLimit: deps.bodyLimit }) from ./predict-route').toBe(200);
    expect(res.body, 'the rule model calls wine 1 (9.4 % vol) low').toMatchObject({ band: 'low', model: { name: 'baseline-rules' } });
    const fake = await request(appWith({ predictor: fakePredictor })).post('/v1/predict').send({ wines: [RED_WINE_1, RED_WINE_1] });
    expect(fake.body, 'give the predict router deps.predictor, not a model of your own').toEqual({
      predictions: [{ band: 'high' }, { band: 'high' }],
      model: fakePredictor.info,
    });
  });

  it('gives every request an id, on every route, and echoes a caller-supplied one', async () => {
    const extra = Router().get('/extra', (_req, res) => void res.json({ ok: true }));
    const app = appWith({ routers: [extra] });
    const responses = {
      'GET /healthz': await request(app).get('/healthz'),
      'POST /v1/predict': await request(app).post('/v1/predict').send(RED_WINE_1),
      'GET /extra': await request(app).get('/extra'),
      'GET /nothing (404)': await request(app).get('/nothing'),
    };
    for (const [route, res] of Object.entries(responses)) {
      expect(res.headers['x-request-id'], `${route}: mount requestContext(deps.logger) first, before every route`).toMatch(UUID);
    }
    const echoed = await request(app).get('/nothing').set('x-request-id', 'trace-42');
    expect(echoed.headers['x-request-id'], "reuse the caller's x-request-id (requestContext does it)").toBe('trace-42');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(appWith()).get('/v1/nothing-here');
    expect(res.status, 'mount notFound() after all routes').toBe(404);
    expect(res.type, 'the 404 must be JSON: mount createErrorHandler() last, after notFound()').toBe('application/json');
    expect(res.body.error, 'the 404 goes through createErrorHandler(), mounted after notFound(): {"error": "..."}').toMatch(/GET \/v1\/nothing-here/);
    const wrongMethod = await request(appWith()).put('/v1/predict').send(RED_WINE_1);
    expect(wrongMethod.status, 'PUT /v1/predict has no route either: 404').toBe(404);
  });

  it('mounts every extra router after the built-in routes and before the 404', async () => {
    const a = Router().get('/extra-a', (_req, res) => void res.json({ from: 'a' }));
    const b = Router().get('/extra-b', (_req, res) => void res.json({ from: 'b' }));
    const shadow = Router().get('/healthz', (_req, res) => void res.json({ status: 'shadowed' }));
    const app = appWith({ routers: [a, b, shadow] });
    for (const [path, from] of [['/extra-a', 'a'], ['/extra-b', 'b']] as const) {
      const res = await request(app).get(path);
      expect(res.status, `mount each of deps.routers (here ${path}) before notFound()`).toBe(200);
      expect(res.body).toEqual({ from });
    }
    const health = await request(app).get('/healthz');
    expect(health.body.status, 'mount deps.routers after the built-in routes: they add routes, they do not replace /healthz').toBe('ok');
  });

  it('sends the errors of every route to the error handler, mounted last', async () => {
    const broken = Router().get('/broken', () => {
      throw new Error('database password is hunter2');
    });
    const app = appWith({ routers: [broken] });
    const invalid = await request(app).post('/v1/predict').send({ ...RED_WINE_1, pH: 'x', alcohol: 99 });
    expect(invalid.status, 'mount createErrorHandler() last: the 400 of your validation must reach it').toBe(400);
    expect(invalid.type, "the 400 must be your error handler's JSON, not Express' HTML: mount createErrorHandler() last").toBe('application/json');
    expect(invalid.body.issues?.map((i: { field: string }) => i.field).sort(), 'the 400 lists both bad fields').toEqual(['alcohol', 'pH']);
    const malformed = await request(app).post('/v1/predict').set('content-type', 'application/json').send('{"alcohol": 9.4,');
    expect(malformed.status, 'malformed JSON reaches your error handler: 400').toBe(400);
    expect(malformed.body.error).toMatch(/not valid JSON/);
    const internal = await request(app).get('/broken');
    expect(internal.status, "an extra router's error reaches the error handler too: mount it after deps.routers").toBe(500);
    expect(internal.body).toEqual({ error: 'internal error', requestId: internal.headers['x-request-id'] });
  });

  it('lets the predict router parse its own body, up to deps.bodyLimit', async () => {
    const oversized = await request(appWith()).post('/v1/predict').send({ wines: Array(20).fill(RED_WINE_1) });
    expect(
      oversized.status,
      'pass { bodyLimit: deps.bodyLimit } to createPredictRouter (here 2kb, so this 4 kB body is a 413); do not mount express.json() yourself',
    ).toBe(413);
    const wines = Array(800).fill(RED_WINE_1);
    const big = await request(createApp({ logger, predictor: baselinePredictor })).post('/v1/predict').send({ wines });
    expect(
      big.status,
      'a 150 kB body is fine without deps.bodyLimit (the predict router allows 1 MB): do not mount express.json() (100 kB by default) in front of it',
    ).toBe(200);
    expect(big.body.predictions).toHaveLength(800);
  });
});
