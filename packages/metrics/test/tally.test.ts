// Tallies in front of prom-client: the exposition must equal prom-client's own inc/observe, scrape after scrape.

import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { tallyCounter, tallyHistogram } from '../src/tally';

const BUCKETS = [0.00005, 0.001, 0.5, 1, 4096];
const names = ['model', 'version'] as const;

/** One registry recorded through prom-client directly, one through tallies; same metric names in both. */
function pair() {
  const direct = new Registry();
  const tallied = new Registry();
  const make = (registry: Registry) => ({
    c: new Counter({ name: 'x_total', help: 'x', labelNames: names, registers: [registry] }),
    h: new Histogram({ name: 'x_seconds', help: 'x', labelNames: names, buckets: BUCKETS, registers: [registry] }),
  });
  const d = make(direct);
  const t = make(tallied);
  return { direct, tallied, d, t, tc: tallyCounter(t.c, names), th: tallyHistogram(t.h, names) };
}

describe('tallyCounter and tallyHistogram', () => {
  it('expose what prom-client would, across scrapes and a reset', async () => {
    const { direct, tallied, d, t, tc, th } = pair();
    const a = { model: 'm', version: '1' };
    const b = { model: 'm', version: '2' };
    const values = [0, 0.00005, 0.00006, 0.001, 0.7, 1, 2, 5000, 1e-9];
    const record = (labels: typeof a, v: number) => {
      d.c.inc(labels, 2);
      d.h.observe(labels, v);
      tc.inc(labels, 2);
      th.observe(labels, v);
    };
    values.forEach((v) => record(a, v));
    expect(await tallied.metrics()).toBe(await direct.metrics());
    values.forEach((v) => record(b, v / 3));
    record(a, 0.3);
    expect(await tallied.metrics()).toBe(await direct.metrics());
    d.h.reset();
    t.h.reset();
    d.c.reset();
    t.c.reset();
    record(b, 0.2);
    expect(await tallied.metrics()).toBe(await direct.metrics());
    expect(await tallied.metrics()).toContain('x_seconds_bucket{le="0.5",model="m",version="2"} 1');
  });

  it('refuse what prom-client refuses: unknown label names, NaN, counting down', () => {
    const { tc, th } = pair();
    expect(() => tc.inc({ model: 'm', version: '1', route: '/x' } as never)).toThrow(/label/i);
    expect(() => th.observe({ model: 'm', oops: 'x' } as never, 1)).toThrow(/label/i);
    expect(() => th.observe({ model: 'm', version: '1' }, Number.NaN)).toThrow(TypeError);
    expect(() => tc.inc({ model: 'm', version: '1' }, -1)).toThrow(RangeError);
  });

  it('cached series record like the labelled calls', async () => {
    const { tallied, tc, th } = pair();
    const labels = { model: 'm', version: '1' };
    tc.series(labels).inc();
    tc.inc(labels);
    th.series(labels).observe(0.2);
    const text = await tallied.metrics();
    expect(text).toContain('x_total{model="m",version="1"} 2');
    expect(text).toContain('x_seconds_count{model="m",version="1"} 1');
  });
});
