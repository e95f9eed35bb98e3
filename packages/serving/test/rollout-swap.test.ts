// Zero-downtime swaps on the real model: in-flight requests finish on their version, and none fails across swaps under load.

import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferencePlane, ModelRegistry } from '../src/index';
import { listen } from './helpers/listening';
import { MODEL, repositoryWithVersion2, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

let repo: Awaited<ReturnType<typeof repositoryWithVersion2>>;
let registry: ModelRegistry;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  repo = await repositoryWithVersion2();
  registry = await ModelRegistry.open({ repository: repo.dir, models: [{ name: MODEL, version: '1' }] });
  const plane = createInferencePlane({ registry });
  server = await listen(plane.handler(createTestApp(plane.router)));
});
afterAll(async () => {
  await server?.close();
  await registry?.close();
  await repo?.cleanup();
});

describe('a live swap', () => {
  it('closes the old version only after the requests holding it are done', async () => {
    const old = registry.get(MODEL)!;
    const release = registry.leases.acquire(old); // a request in flight on version 1
    await registry.loadVersion(MODEL, '2');
    expect(registry.get(MODEL)!.version).toBe('2');
    const row = Float32Array.from(WINES[0]!);
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve)); // give a wrong close its chance
    expect((await old.score(row, 1)).length, 'the in-flight request can still use version 1').toBe(3);
    const closed = registry.leases.drained(old);
    release();
    await closed;
    await expect.poll(() => old.score(row, 1).then(() => 'open', () => 'closed')).toBe('closed');
    await registry.loadVersion(MODEL, '1');
  });

  it('answers every one of 600 requests at 16 connections while the version is swapped three times', async () => {
    let answered = 0;
    const swaps: Promise<unknown>[] = [];
    let instance: autocannon.Instance | undefined;
    const run = new Promise<autocannon.Result>((resolve, reject) => {
      instance = autocannon({
      url: `${server.url}/v2/models/${MODEL}/infer`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inferBody(WINES[0]!)),
      connections: 16,
      amount: 600,
      timeout: 10,
      }, (error, result) => (error ? reject(error) : resolve(result)));
    });
    instance!.on('response', () => {
      answered += 1;
      if (answered === 100 || answered === 250 || answered === 400) {
        swaps.push(registry.loadVersion(MODEL, swaps.length % 2 === 0 ? '2' : '1'));
      }
    });
    const result = await run;
    await Promise.all(swaps);
    expect(swaps).toHaveLength(3);
    expect(registry.get(MODEL)!.version).toBe('2');
    expect(result.errors, 'socket errors').toBe(0);
    expect(result.timeouts, 'timeouts').toBe(0);
    expect(result.non2xx, 'failed requests').toBe(0);
    expect(result['2xx']).toBe(600);
  });
});
