// Steps 1-3: the HTTP RED metrics, the route label and the middleware, over real HTTP with Express.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_DURATION_BUCKETS } from '@mlops/metrics/buckets';
import { createMetricsRegistry } from '@mlops/metrics';
import { createHttpMetrics, registerHttpMetrics, statusClass, UNMATCHED_ROUTE } from '@lab/http-metrics';
import { routeLabel } from '@lab/route-label';
import { CLIENT_CLOSED_STATUS, httpMetricsMiddleware } from '@lab/http-middleware';
import { described, sample, series } from './samples';

describe('step 1: statusClass and the two HTTP metrics', () => {
  it('maps statuses to their class', () => {
    expect([100, 200, 204, 299, 301, 399, 400, 404, 499, 500, 503, 599].map(statusClass)).toEqual(['1xx', '2xx', '2xx', '2xx', '3xx', '3xx', '4xx', '4xx', '4xx', '5xx', '5xx', '5xx']);
  });

  it('calls impossible statuses 5xx (the server sent something it should not have)', () => {
    expect([0, 99, 600, 1000, 404.5, Number.NaN, -200].map(statusClass), 'anything that is not an integer from 100 to 599 is 5xx').toEqual(Array(7).fill('5xx'));
  });

  it('registers http_requests_total as a counter: a count only goes up, and rate() needs a counter', () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    registerHttpMetrics(registry);
    expect(described(registry, 'http_requests_total'), 'a Counter named http_requests_total, labelled method, route, status_class').toEqual({ type: 'counter', labelNames: ['method', 'route', 'status_class'] });
  });

  it('registers http_request_duration_seconds as a histogram in seconds (HTTP_DURATION_BUCKETS), in the registry given', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const { duration, requests } = registerHttpMetrics(registry);
    expect(described(registry, 'http_request_duration_seconds'), 'a Histogram labelled method, route, status_class').toEqual({ type: 'histogram', labelNames: ['method', 'route', 'status_class'] });
    expect(registry.getSingleMetric('http_request_duration_seconds'), 'return the histogram you registered as `duration`').toBe(duration);
    expect(registry.getSingleMetric('http_requests_total'), 'return the counter you registered as `requests`').toBe(requests);
    duration.observe({ method: 'GET', route: '/x', status_class: '2xx' }, 0.003);
    const buckets = (await registry.metrics()).match(/le="[^"]+"/g) ?? [];
    expect(buckets, 'use buckets: HTTP_DURATION_BUCKETS (seconds, not milliseconds)').toEqual([...HTTP_DURATION_BUCKETS.map((b) => `le="${b}"`), 'le="+Inf"']);
  });

  it('records an observation once in each, under the method, route and status class', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const http = createHttpMetrics(registry);
    http.observe({ method: 'POST', route: '/v2/models/:name/infer', status: 201, seconds: 0.004 });
    http.observe({ method: 'POST', route: '/v2/models/:name/infer', status: 503, seconds: 0.25 });
    const labels = { method: 'POST', route: '/v2/models/:name/infer' };
    expect(await series(registry, 'http_requests_total')).toEqual(['method=POST,route=/v2/models/:name/infer,status_class=2xx 1', 'method=POST,route=/v2/models/:name/infer,status_class=5xx 1']);
    expect(await sample(registry, 'http_request_duration_seconds_sum', { ...labels, status_class: '5xx' })).toBe(0.25);
    expect(await sample(registry, 'http_request_duration_seconds_bucket', { ...labels, status_class: '2xx', le: '0.005' })).toBe(1);
  });
});

describe('step 2: routeLabel', () => {
  it('is the route template, with the mount path of its router', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/v1/batches/:id' } })).toBe('/v1/batches/:id');
    expect(routeLabel({ baseUrl: '/v2', route: { path: '/models/:name/infer' } })).toBe('/v2/models/:name/infer');
    expect(routeLabel({ route: { path: '/healthz' } }), 'a request without baseUrl').toBe('/healthz');
  });

  it('is the mount path alone for a router\'s "/" route, and "/" at the top', () => {
    expect(routeLabel({ baseUrl: '/v2', route: { path: '/' } })).toBe('/v2');
    expect(routeLabel({ baseUrl: '', route: { path: '/' } })).toBe('/');
  });

  it('joins the paths of a route with several paths', () => {
    expect(routeLabel({ baseUrl: '/api', route: { path: ['/a', '/b'] } })).toBe('/api/a|/b');
  });

  it('groups every request no route matched under UNMATCHED_ROUTE', () => {
    expect(UNMATCHED_ROUTE).toBe('unmatched');
    expect(routeLabel({ baseUrl: '' })).toBe('unmatched');
    expect(routeLabel({ baseUrl: '/v2', route: {} }), 'a route without a path').toBe('unmatched');
    expect(routeLabel({ baseUrl: '/v2', route: { path: 42 } }), 'a path that is not a string').toBe('unmatched');
  });
});

describe('step 3: httpMetricsMiddleware', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function start(release?: Promise<void>) {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const app = express();
    app.use(httpMetricsMiddleware(createHttpMetrics(registry)));
    const models = express.Router();
    models.post('/models/:name/infer', (_req, res) => void res.status(200).json({ ok: true }));
    app.use('/v2', models);
    app.get('/items/:id', (req, res) => void res.status(req.params.id === 'gone' ? 410 : 200).json({}));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.get('/slow', async (_req, res) => {
      res.status(200).write('part one ');
      await release;
      res.end('part two');
    });
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: 'no route' }));
    app.use((_e: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ error: 'internal' }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { registry, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  it('lets every request through to its route', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/items/7`);
    expect(res.status, 'call next() so the request reaches the routes').toBe(200);
  });

  it('labels each request with its route template, never the URL', async () => {
    const { registry, base } = await start();
    await fetch(`${base}/v2/models/wine/infer`, { method: 'POST' });
    await fetch(`${base}/v2/models/other/infer`, { method: 'POST' });
    await fetch(`${base}/items/1?x=2`);
    await fetch(`${base}/items/gone`);
    await fetch(`${base}/no/such/path`);
    await fetch(`${base}/boom`);
    expect((await series(registry, 'http_requests_total')).sort(), 'one series per route template and status class, from your routeLabel and statusClass').toEqual([
      'method=GET,route=/boom,status_class=5xx 1',
      'method=GET,route=/items/:id,status_class=2xx 1',
      'method=GET,route=/items/:id,status_class=4xx 1',
      'method=GET,route=unmatched,status_class=4xx 1',
      'method=POST,route=/v2/models/:name/infer,status_class=2xx 2',
    ]);
  });

  it('records a request only once its response has ended, with the status it ended with', async () => {
    let release!: () => void;
    const { registry, base } = await start(new Promise<void>((resolve) => (release = resolve)));
    const res = await fetch(`${base}/slow`);
    const reader = res.body!.getReader();
    await reader.read();
    expect(await series(registry, 'http_requests_total'), 'the response has started but not ended: nothing may be recorded yet (record on the response\'s close)').toEqual([]);
    release();
    while (!(await reader.read()).done);
    await expect.poll(() => series(registry, 'http_requests_total')).toEqual(['method=GET,route=/slow,status_class=2xx 1']);
  });

  it('records durations in seconds, measured from the request\'s arrival to the response\'s end', async () => {
    let release!: () => void;
    const { registry, base } = await start(new Promise<void>((resolve) => (release = resolve)));
    const t0 = performance.now();
    const res = await fetch(`${base}/slow`);
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 60));
    release();
    while (!(await reader.read()).done);
    const elapsed = (performance.now() - t0) / 1000;
    await expect.poll(() => sample(registry, 'http_request_duration_seconds_count', { route: '/slow' })).toBe(1);
    const seconds = (await sample(registry, 'http_request_duration_seconds_sum', { route: '/slow' }))!;
    expect(seconds, 'the 60 ms wait must be inside the measured time: start the clock when the request arrives').toBeGreaterThanOrEqual(0.055);
    expect(seconds, `in seconds: the request took ${elapsed.toFixed(3)} s (milliseconds would be 1000 times more)`).toBeLessThanOrEqual(elapsed + 0.05);
  });

  it(`records a request whose client went away before the end as status ${CLIENT_CLOSED_STATUS}`, async () => {
    const { registry, base } = await start(new Promise<void>(() => {}));
    const controller = new AbortController();
    const res = await fetch(`${base}/slow`, { signal: controller.signal });
    await res.body!.getReader().read();
    controller.abort();
    // An unfinished response (res.writableFinished false) counts as CLIENT_CLOSED_STATUS, a 4xx.
    await expect.poll(() => series(registry, 'http_requests_total')).toEqual(['method=GET,route=/slow,status_class=4xx 1']);
  });
});
