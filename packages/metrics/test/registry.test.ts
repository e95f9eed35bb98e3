// Registries are per instance: nothing leaks into prom-client's global registry or between registries.

import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createHttpMetrics, createMetricsRegistry } from '../src/index';

describe('createMetricsRegistry', () => {
  it('gives each caller its own registry, so the same metrics can be created twice', async () => {
    const a = createMetricsRegistry({ defaultMetrics: false });
    const b = createMetricsRegistry({ defaultMetrics: false, labels: { service: 'api' } });
    createHttpMetrics(a).observe({ method: 'GET', route: '/x', status: 200, seconds: 0.01 });
    createHttpMetrics(b);
    expect(await a.metrics()).toContain('http_requests_total{method="GET",route="/x",status_class="2xx"} 1');
    expect(await b.metrics()).not.toContain('route="/x"');
    expect((await register.metrics()).trim()).toBe('');
  });

  it('collects the default process metrics unless told not to', async () => {
    expect(await createMetricsRegistry().metrics()).toContain('process_cpu_seconds_total');
    expect((await createMetricsRegistry({ defaultMetrics: false }).metrics()).trim()).toBe('');
  });
});
