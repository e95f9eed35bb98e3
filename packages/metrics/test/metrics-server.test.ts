// The standalone metrics server of processes without an HTTP API: /metrics with extras, /healthz, 404, 405.

import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry, METRICS_CONTENT_TYPE, serveMetrics, type MetricsServer } from '../src/index';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('serveMetrics', () => {
  it('answers /metrics with the registry and the extras, and says what else it serves', async () => {
    const registry = createMetricsRegistry();
    const errors: unknown[] = [];
    server = await serveMetrics({ registry, port: 0, extras: [() => 'extra_metric 1', () => { throw new Error('away'); }], onExtraError: (e) => errors.push(e) });
    const base = `http://127.0.0.1:${server.port}`;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(METRICS_CONTENT_TYPE);
    const text = await res.text();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('extra_metric 1\n');
    expect(errors).toHaveLength(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('GET /metrics');
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
