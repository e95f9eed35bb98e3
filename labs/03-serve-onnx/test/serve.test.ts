// Steps 1-5 together: YOUR infer code and micro-batcher in lab 03's v2 server (lab-server.ts, what npm start runs), on the committed model, over HTTP.

import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_REPOSITORY, ModelRegistry } from '@mlops/serving';
import * as handler from '@lab/infer-handler';
import * as batching from '@lab/micro-batcher';
import { createLabServingApp } from '../lab-server';
import { body, WINE_1, WINE_2 } from './fixtures';

let registry: ModelRegistry;
let server: import('node:http').Server;
let url: string;
beforeAll(async () => {
  registry = await ModelRegistry.open({ repository: DEFAULT_MODEL_REPOSITORY, models: [{ name: 'wine-quality' }] });
  const app = createLabServingApp({ registry, learner: { handler, batching } });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/models/wine-quality/infer`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await registry.close();
});

async function infer(payload: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('your code behind POST /v2/models/wine-quality/infer', () => {
  it('answers concurrent callers with the model\'s probabilities for their own wines', async () => {
    const model = registry.get('wine-quality')!;
    const wines = Array.from({ length: 12 }, (_, i) => (i % 2 ? WINE_1 : WINE_2).map((v) => v * (1 + i / 100)));
    const responses = await Promise.all(wines.map((w, i) => infer(body(w, [1, 11], { id: `wine-${i}` }))));
    for (const [i, w] of wines.entries()) {
      const { status, json } = responses[i]!;
      expect(status, `request ${i} got ${status} ${JSON.stringify(json)}: make the step 1-5 tests pass first, they say what is missing`).toBe(200);
      expect(json.id, 'each caller gets its own response back').toBe(`wine-${i}`);
      const expected = Array.from(await model.score(Float32Array.from(w), 1));
      expect(json.outputs[0].data, `caller ${i} got someone else's probabilities: check the slicing in runBatch`).toEqual(expected);
    }
  });

  it('answers a malformed request with 400 {"error"} while good neighbours still get 200', async () => {
    const [good, bad, good2] = await Promise.all([
      infer(body(WINE_1)),
      infer(body([...WINE_1.slice(1)], [1, 11])),
      infer(body(WINE_2)),
    ]);
    expect(bad.status, 'validate before enqueueing: a bad request is a 400').toBe(400);
    for (const fact of [/\b10\b/, /\b11\b/]) {
      expect(bad.json.error, `the 400 says how many values came (10) and how many the shape needs (11); it should match ${fact}`).toMatch(fact);
    }
    expect([good.status, good2.status], 'a bad request must never fail its neighbours').toEqual([200, 200]);
  });

  it('answers flat and nested data alike (your readTensorData reads both)', async () => {
    const [flat, nested] = await Promise.all([infer(body([...WINE_1, ...WINE_2], [2, 11])), infer(body([WINE_1, WINE_2], [2, 11]))]);
    expect([flat.status, nested.status], `flat: ${JSON.stringify(flat.json)}, nested: ${JSON.stringify(nested.json)}`).toEqual([200, 200]);
    expect(nested.json.outputs, 'one array per row means the same wines as the flat row-major list').toEqual(flat.json.outputs);
  });
});
