// Graceful close: registry.close() answers the requests already queued in a micro-batch, then turns new ones away.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInferenceRouter, createServingHandler, MicroBatcher, ModelRegistry, type InferenceRouterOptions } from '../src/index';
import { listen } from './helpers/listening';
import { distinctRows, MODEL, REPOSITORY } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Resolves once MicroBatcher.submit has been called `n` times (the requests are queued in the batcher). */
function submitted(n: number): Promise<void> {
  const submit = MicroBatcher.prototype.submit;
  let calls = 0;
  return new Promise((resolve) => {
    vi.spyOn(MicroBatcher.prototype, 'submit').mockImplementation(function (this: MicroBatcher, ...args) {
      const result = submit.apply(this, args);
      calls += 1;
      if (calls === n) resolve();
      return result;
    });
  });
}

/** The two ways the routes are served: the Express router alone, and the data plane in front of it. */
const SERVERS = [
  { via: 'the Express router', build: (opts: InferenceRouterOptions) => createTestApp(createInferenceRouter(opts)) },
  { via: 'the data plane', build: (opts: InferenceRouterOptions) => createServingHandler(opts) },
];

describe('registry.close()', () => {
  it.each(SERVERS)('scores requests waiting in a batch before releasing the model, then answers 503 ($via)', async ({ build }) => {
    const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
    // A 10-minute queue delay keeps the requests waiting in the batcher: only close() can run them in time
    // (waiting out the delay would hit the test timeout).
    const app = build({ registry, batching: { maxQueueDelayMs: 600_000 } });
    const server = await listen(app);
    try {
      const post = () =>
        fetch(`${server.url}/v2/models/${MODEL}/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(inferBody(distinctRows(1))),
        });
      const queued = submitted(3);
      const inFlight = [post(), post(), post()];
      await queued;
      await registry.close();
      const statuses = await Promise.all(inFlight.map(async (p) => (await p).status));
      expect(statuses, 'the three queued requests are scored by close()').toEqual([200, 200, 200]);
      expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(503);
      const late = await post();
      expect([late.status, ((await late.json()) as { error: string }).error]).toEqual([503, 'model "wine-quality" is not ready (the server is shutting down)']);
    } finally {
      await server.close();
    }
  });
});
