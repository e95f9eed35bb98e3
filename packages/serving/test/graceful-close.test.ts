// Graceful close: registry.close() answers the requests already queued in a micro-batch, then turns new ones away.

import { describe, expect, it } from 'vitest';
import { createInferenceRouter, ModelRegistry } from '../src/index';
import { listen } from './helpers/listening';
import { distinctRows, MODEL, REPOSITORY } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

describe('registry.close()', () => {
  it('scores requests waiting in a batch before releasing the model, then answers 503', async () => {
    const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
    // A long queue delay keeps the requests waiting in the batcher when close() starts.
    const app = createTestApp(createInferenceRouter({ registry, batching: { maxQueueDelayMs: 5_000 } }));
    const server = await listen(app);
    try {
      const post = () =>
        fetch(`${server.url}/v2/models/${MODEL}/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(inferBody(distinctRows(1))),
        });
      const inFlight = [post(), post(), post()];
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await registry.close();
      expect(Date.now() - started, 'close() flushes the queue instead of waiting out the delay').toBeLessThan(2_000);
      const statuses = await Promise.all(inFlight.map(async (p) => (await p).status));
      expect(statuses).toEqual([200, 200, 200]);
      expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(503);
      const late = await post();
      expect([late.status, ((await late.json()) as { error: string }).error]).toEqual([503, 'model "wine-quality" is not ready (the server is shutting down)']);
    } finally {
      await server.close();
    }
  });
});
