// Steps 3 and 4: the app factory and the error handler, driven over real HTTP with supertest.
import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@mlops/http-service/logger';
import { createApp } from '@lab/create-app';
import { RED_WINE_1 } from './wines';

const logger = createLogger({ level: 'silent' });

function appWith(routers: Router[] = []) {
  return createApp({ logger, routers, bodyLimit: '2kb' });
}

describe('step 4: createApp', () => {
  it('answers GET /healthz with status ok', async () => {
    const res = await request(appWith()).get('/healthz');
    expect(res.status, 'mount createHealthRouter(predictor)').toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('predicts a band for one wine on POST /v1/predict', async () => {
    const res = await request(appWith()).post('/v1/predict').send(RED_WINE_1);
    expect(res.status, 'mount express.json() and createPredictRouter(predictor)').toBe(200);
    expect(res.body.band).toBe('low');
    expect(res.body.model.name).toBe('baseline-rules');
  });

  it('gives every request an id and echoes a caller-supplied one', async () => {
    const fresh = await request(appWith()).get('/healthz');
    expect(fresh.headers['x-request-id'], 'mount requestContext(deps.logger) first').toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(appWith()).get('/healthz').set('x-request-id', 'trace-42');
    expect(echoed.headers['x-request-id']).toBe('trace-42');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(appWith()).get('/v1/nothing-here');
    expect(res.status, 'mount notFound() after all routes').toBe(404);
    expect(res.body.error, 'the 404 body should be {"error": "..."}').toMatch(/GET \/v1\/nothing-here/);
  });

  it('mounts extra routers before the 404', async () => {
    const extra = Router().get('/extra', (_req, res) => void res.json({ ok: true }));
    const res = await request(appWith([extra])).get('/extra');
    expect(res.status, 'mount deps.routers before notFound()').toBe(200);
  });
});

describe('step 3: the error handler', () => {
  it('lists every bad field in a 400', async () => {
    const res = await request(appWith()).post('/v1/predict').send({ ...RED_WINE_1, pH: 'x', alcohol: 99 });
    expect(res.status, 'an HttpError(400) from validation must become a 400 response').toBe(400);
    expect(res.body.error).toMatch(/2 problems/);
    expect(res.body.issues.map((i: { field: string }) => i.field).sort(), 'spread err.details into the body').toEqual(['alcohol', 'pH']);
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await request(appWith()).post('/v1/predict').set('content-type', 'application/json').send('{"alcohol": 9.4,');
    expect(res.status, "map body-parser's 'entity.parse.failed' to 400").toBe(400);
    expect(res.body.error).toMatch(/JSON/);
  });

  it('answers an oversized body with a 413', async () => {
    const res = await request(appWith()).post('/v1/predict').send({ wines: Array(100).fill(RED_WINE_1) });
    expect(res.status, "map body-parser's 'entity.too.large' to 413").toBe(413);
    expect(res.body.error).toMatch(/limit/);
  });

  it('hides internal errors behind a 500 without a stack trace', async () => {
    const broken = Router().get('/broken', () => {
      throw new Error('database password is hunter2');
    });
    const res = await request(appWith([broken])).get('/broken');
    expect(res.status).toBe(500);
    expect(res.body.error, 'say only "internal error" to the caller').toBe('internal error');
    expect(JSON.stringify(res.body), 'never leak the message or stack of an internal error').not.toMatch(/hunter2|at /);
    expect(res.body.requestId, 'include the request id so the caller can quote it').toBe(res.headers['x-request-id']);
  });
});
