// Concurrency test: 2,000 single-row infer requests over 64 keep-alive loopback connections, all answered 200 (no timing asserts).
// Throughput and latency under sustained load are measured by `npm run bench:serving`, which also fails on any error.

import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL, WINES } from './helpers/model-fixture';
import { listen } from './helpers/listening';
import { inferBody, openServedApp } from './helpers/served-app';

let served: Awaited<ReturnType<typeof openServedApp>>;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  served = await openServedApp();
  server = await listen(served.app);
});
afterAll(async () => {
  await server.close();
  await served.close();
});

describe('under load', () => {
  it('answers 2,000 micro-batched requests at 64 connections with zero errors', async () => {
    const result = await autocannon({
      url: `${server.url}/v2/models/${MODEL}/infer`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inferBody(WINES[0]!)),
      connections: 64,
      amount: 2_000,
      timeout: 10,
    });
    expect(result.errors, 'socket errors').toBe(0);
    expect(result.timeouts, 'timeouts').toBe(0);
    expect(result.non2xx, 'non-2xx answers').toBe(0);
    expect(result['2xx']).toBe(2_000);
  });
});
