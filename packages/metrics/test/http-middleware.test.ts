// The HTTP middleware over real HTTP: route templates, unmatched routes, status classes, seconds, counted at the end.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpMetrics, createMetricsRegistry, httpMetricsMiddleware, Registry, statusClass } from '../src/index';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(app: express.Express): Promise<string> {
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server!.once('listening', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as { value: number; labels: Record<string, unknown>; metricName?: string }[]) {
      if ((v.metricName ?? metric.name) === name && Object.entries(labels).every(([k, l]) => v.labels[k] === l)) return v.value;
    }
  }
  return undefined;
}

function appWithMetrics(registry: Registry, slowGate?: Promise<void>): express.Express {
  const app = express();
  app.use(httpMetricsMiddleware(createHttpMetrics(registry)));
  const models = express.Router();
  models.post('/models/:name/infer', (_req, res) => void res.json({ ok: true }));
  models.get('/models/:name', (req, res) => void res.status(req.params.name === 'missing' ? 404 : 200).json({}));
  app.use('/v2', models);
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/slow', async (_req, res) => {
    res.status(200).write('partial');
    await slowGate;
    res.end();
  });
  app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: 'no route' }));
  app.use((_e: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ error: 'internal' }));
  return app;
}

describe('httpMetricsMiddleware', () => {
  it('labels requests with the route template, never the URL, and groups unknown routes as unmatched', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const base = await listen(appWithMetrics(registry));
    await fetch(`${base}/v2/models/wine/infer`, { method: 'POST' });
    await fetch(`${base}/v2/models/other/infer`, { method: 'POST' });
    await fetch(`${base}/v2/models/missing`);
    await fetch(`${base}/no/such/path?x=1`);
    await fetch(`${base}/boom`);
    expect(await value(registry, 'http_requests_total', { route: '/v2/models/:name/infer', method: 'POST', status_class: '2xx' })).toBe(2);
    expect(await value(registry, 'http_requests_total', { route: '/v2/models/:name', status_class: '4xx' })).toBe(1);
    expect(await value(registry, 'http_requests_total', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(await value(registry, 'http_requests_total', { route: '/boom', status_class: '5xx' })).toBe(1);
    const text = await registry.metrics();
    expect(text).not.toMatch(/wine|other|missing|no\/such/);
  });

  it('records durations in seconds, and only once the response has ended', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = await listen(appWithMetrics(registry, gate));
    const res = await fetch(`${base}/slow`);
    const reader = res.body!.getReader();
    await reader.read(); // headers and the first bytes are out; the response has not ended
    expect(await value(registry, 'http_requests_total', { route: '/slow' })).toBeUndefined();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 30));
    release();
    while (!(await reader.read()).done);
    const elapsed = (performance.now() - t0) / 1000;
    await expect.poll(() => value(registry, 'http_requests_total', { route: '/slow' })).toBe(1);
    const sum = await value(registry, 'http_request_duration_seconds_sum', { route: '/slow' });
    expect(sum).toBeGreaterThanOrEqual(0.025);
    expect(sum).toBeLessThan(elapsed + 5); // seconds, not milliseconds
  });
});

describe('statusClass', () => {
  it('maps statuses to their class and anything impossible to 5xx', () => {
    expect([200, 204, 301, 404, 413, 500, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx', '5xx']);
    expect(statusClass(0)).toBe('5xx');
    expect(statusClass(600)).toBe('5xx');
  });
});
