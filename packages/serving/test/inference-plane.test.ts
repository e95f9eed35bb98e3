// The data plane: same answers as the Express router for every v2 request, request ids, sampled request log, the observer.

import { connect } from 'node:net';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { notFound } from '@mlops/http-service/not-found';
import { pino } from 'pino';
import { createInferencePlane, createInferenceRouter, ModelRegistry, parseByteLimit, type InferenceObserver, type InferencePlaneOptions } from '../src/index';
import { listen } from './helpers/listening';
import { distinctRows, MODEL, REPOSITORY, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';

/** The house app (http-service's 404 and error handler) around `router`. */
function houseApp(router: express.Router): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  app.use(notFound());
  app.use(createErrorHandler());
  return app;
}

let registry: ModelRegistry;
beforeAll(async () => {
  registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
});
afterAll(() => registry.close());

/** The plane in front of the house app, and the same routes on Express alone. */
function both(opts: Omit<InferencePlaneOptions, 'registry'> = {}) {
  const plane = createInferencePlane({ registry, bodyLimit: '4kb', ...opts });
  return { plane: plane.handler(houseApp(plane.router)), express: houseApp(createInferenceRouter({ registry, bodyLimit: '4kb' })) };
}

const INFER = `/v2/models/${MODEL}/infer`;
const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
const binaryHeader = Buffer.from(JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', parameters: { binary_data_size: 44 } }], parameters: { binary_data_output: true } }));

/** Requests whose answers must be the same bytes from the plane and from Express. */
const CASES: { what: string; method: string; path: string; headers?: Record<string, string>; body?: string | Buffer }[] = [
  { what: 'server metadata', method: 'GET', path: '/v2' },
  { what: 'live', method: 'GET', path: '/v2/health/live' },
  { what: 'ready', method: 'GET', path: '/v2/health/ready?probe=1' },
  { what: 'model metadata', method: 'GET', path: `/v2/models/${MODEL}` },
  { what: 'model version metadata', method: 'GET', path: `/v2/models/${MODEL}/versions/1` },
  { what: 'a version not loaded', method: 'GET', path: `/v2/models/${MODEL}/versions/9` },
  { what: 'an unknown model', method: 'GET', path: '/v2/models/red-wine' },
  { what: 'model ready', method: 'GET', path: `/v2/models/${MODEL}/ready` },
  { what: 'unknown model ready', method: 'GET', path: '/v2/models/red-wine/ready' },
  { what: 'versioned ready', method: 'GET', path: `/v2/models/${MODEL}/versions/1/ready` },
  { what: 'a trailing slash (handed over)', method: 'GET', path: `/v2/models/${MODEL}/` },
  { what: 'other letter case (handed over)', method: 'GET', path: '/V2/Health/Live' },
  { what: 'an unknown v2 route', method: 'GET', path: `/v2/models/${MODEL}/stats` },
  { what: 'infer, 2 rows', method: 'POST', path: INFER, headers: { 'content-type': 'application/json' }, body: JSON.stringify(inferBody(distinctRows(2), 2, { id: 'a' })) },
  { what: 'infer, versioned', method: 'POST', path: `/v2/models/${MODEL}/versions/1/infer`, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(inferBody([...WINES[0]!])) },
  { what: 'infer, a bad shape', method: 'POST', path: INFER, headers: { 'content-type': 'application/json' }, body: JSON.stringify(inferBody(distinctRows(2).slice(1), 2)) },
  { what: 'infer, not JSON', method: 'POST', path: INFER, headers: { 'content-type': 'application/json' }, body: '{"inputs": [' },
  { what: 'infer, an empty body', method: 'POST', path: INFER, headers: { 'content-type': 'application/json' }, body: '' },
  { what: 'infer, a text body (handed over)', method: 'POST', path: INFER, headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { what: 'infer, too large', method: 'POST', path: INFER, headers: { 'content-type': 'application/json' }, body: JSON.stringify(inferBody(distinctRows(40), 40)) },
  { what: 'infer, an unknown model', method: 'POST', path: '/v2/models/red-wine/infer', ...json(inferBody([...WINES[0]!])) },
  { what: 'infer, binary in and out', method: 'POST', path: INFER, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(binaryHeader.length) }, body: Buffer.concat([binaryHeader, Buffer.from(Float32Array.from(WINES[0]!).buffer)]) },
  { what: 'infer, a bad binary header length', method: 'POST', path: INFER, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': 'ten' }, body: binaryHeader },
  { what: 'infer with GET', method: 'GET', path: INFER },
  { what: 'metadata with POST', method: 'POST', path: '/v2', ...json({}) },
];

describe('createInferencePlane', () => {
  it.each(CASES)('answers $what exactly as the Express router does', async ({ method, path, headers = {}, body }) => {
    const apps = both();
    const [viaPlane, viaExpress] = await Promise.all(
      [apps.plane, apps.express].map(async (app) => {
        let req = method === 'GET' ? request(app).get(path) : request(app).post(path);
        for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
        const res = await (body === undefined ? req : req.send(body)).buffer(true).parse((r, done) => {
          const parts: Buffer[] = [];
          r.on('data', (c: Buffer) => parts.push(c));
          r.on('end', () => done(null, Buffer.concat(parts)));
        });
        return { status: res.status, type: res.headers['content-type'], headerLength: res.headers['inference-header-content-length'], body: (res.body as Buffer).toString('latin1') };
      }),
    );
    expect(viaPlane).toEqual(viaExpress);
  });

  it('lists the binary tensor data extension on GET /v2', async () => {
    const res = await request(both().plane).get('/v2').expect(200);
    expect(res.body.extensions).toEqual(['binary_tensor_data']);
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const { plane } = both();
    expect((await request(plane).get('/v2/health/live').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    const made = (await request(plane).post(INFER).set('x-request-id', 'bad id!').send(inferBody([...WINES[0]!]))).headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs refused requests always and one in accessLogEvery answered ones, with the request id', async () => {
    const lines: { msg: string; level: number; req: { id: string; url: string }; res: { statusCode: number } }[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, cb) => (lines.push(JSON.parse(chunk.toString())), cb()) });
    const { plane } = both({ logger: pino({ level: 'info' }, sink), accessLogEvery: 3 });
    for (let i = 0; i < 6; i += 1) await request(plane).get('/v2/health/live').set('x-request-id', `ok-${i}`).expect(200);
    await request(plane).get('/v2/models/red-wine').set('x-request-id', 'nope').expect(404);
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.req.id, l.res.statusCode, l.level])).toEqual([
      ['ok-2', 200, 30],
      ['ok-5', 200, 30],
      ['nope', 404, 40],
    ]);
    expect(lines[0]!.msg).toBe('request completed');
    expect(() => createInferencePlane({ registry, accessLogEvery: 0 })).toThrow(/accessLogEvery/);
  });

  it('tells the observer about responses, infer requests, runs and scored rows', async () => {
    const seen: Record<string, unknown[]> = { onResponse: [], onInfer: [], onRun: [], onScored: [] };
    const observer: InferenceObserver = {
      onResponse: (e) => seen.onResponse!.push(e),
      onInfer: (e) => seen.onInfer!.push(e),
      onRun: (e) => seen.onRun!.push(e),
      onScored: (e) => seen.onScored!.push({ ...e, features: Array.from(e.features), predicted: Array.from(e.predicted) }),
    };
    const { plane } = both({ observer });
    const rows = distinctRows(2);
    const answer = await request(plane).post(INFER).send(inferBody(rows, 2)).expect(200);
    await request(plane).post('/v2/models/red-wine/infer').send(inferBody(rows, 2)).expect(404);
    await request(plane).post(INFER).send(inferBody(rows.slice(1), 2)).expect(400);
    await request(plane).get(`/v2/models/${MODEL}/ready`).expect(200);
    const seconds = expect.any(Number);
    expect(seen.onResponse).toEqual([
      { method: 'POST', route: '/v2/models/:name/infer', status: 200, seconds },
      { method: 'POST', route: '/v2/models/:name/infer', status: 404, seconds },
      { method: 'POST', route: '/v2/models/:name/infer', status: 400, seconds },
      { method: 'GET', route: '/v2/models/:name/ready', status: 200, seconds },
    ]);
    expect(seen.onInfer).toEqual([
      { model: MODEL, version: '1', outcome: 'success', rows: 2, seconds },
      { model: 'unknown', version: '', outcome: 'client_error', rows: 0, seconds },
      { model: MODEL, version: '1', outcome: 'client_error', rows: 0, seconds },
    ]);
    expect(seen.onRun).toEqual([{ model: MODEL, version: '1', rows: 2, queueSeconds: seconds, computeSeconds: seconds }]);
    const labels = answer.body.outputs[1].data as string[];
    const classLabels = registry.get(MODEL)!.signature.classLabels;
    expect(seen.onScored).toEqual([
      { model: MODEL, version: '1', features: Array.from(Float32Array.from(rows)), featureCount: 11, rows: 2, predicted: labels.map((l) => classLabels.indexOf(l)), labels: classLabels },
    ]);
    const run = seen.onRun![0] as { queueSeconds: number; computeSeconds: number };
    expect(run.queueSeconds).toBeGreaterThanOrEqual(0);
    expect(run.computeSeconds).toBeGreaterThan(0);
  });

  it('scores a request of maxBatchSize rows or more directly, without queueing it in the batcher', async () => {
    const runs: { rows: number; queueSeconds: number }[] = [];
    const { plane } = both({ batching: { maxBatchSize: 2, maxQueueDelayMs: 60_000 }, observer: { onRun: (e) => runs.push(e) } });
    // Through the batcher the run would report the time since the request was queued (> 0); directly it reports 0.
    await request(plane).post(INFER).send(inferBody(distinctRows(3), 3)).expect(200);
    expect(runs).toEqual([{ model: MODEL, version: '1', rows: 3, queueSeconds: 0, computeSeconds: expect.any(Number) }]);
  });

  it('answers as usual when an observer throws, and reports each failing callback once', async () => {
    const failures: string[] = [];
    const boom = (): never => {
      throw new Error('observer bug');
    };
    const { plane } = both({ observer: { onResponse: boom, onInfer: boom, onRun: boom, onScored: boom }, onObserverError: (_e, callback) => failures.push(callback) });
    for (let i = 0; i < 2; i += 1) await request(plane).post(INFER).send(inferBody([...WINES[0]!])).expect(200);
    expect(failures.sort()).toEqual(['onInfer', 'onResponse', 'onRun', 'onScored']);
  });

  it('keeps serving when a client hangs up halfway through a body', async () => {
    const server = await listen(both().plane);
    try {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`POST ${INFER} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"inputs": [`);
      socket.destroy();
      await once(socket, 'close');
      const res = await fetch(`${server.url}${INFER}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inferBody([...WINES[0]!])) });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('reads body limits as body-parser does', () => {
    expect([parseByteLimit('1mb'), parseByteLimit('4kb'), parseByteLimit(100), parseByteLimit('100')]).toEqual([1048576, 4096, 100, 100]);
    expect(() => parseByteLimit('lots')).toThrow(/1mb/);
  });
});
