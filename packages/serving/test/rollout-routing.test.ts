// Rollouts in the data plane on the real model: the canary split by request id, explicit versions, shadow scoring, promotion.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferencePlane, ModelRegistry, type InferenceObserver } from '../src/index';
import { listen } from './helpers/listening';
import { MODEL, repositoryWithVersion2, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

let repo: Awaited<ReturnType<typeof repositoryWithVersion2>>;
let registry: ModelRegistry;
let server: Awaited<ReturnType<typeof listen>>;
const inferred: { version: string; outcome: string }[] = [];
const observer: InferenceObserver = { onInfer: (e) => void inferred.push({ version: e.version, outcome: e.outcome }) };

beforeAll(async () => {
  repo = await repositoryWithVersion2();
  registry = await ModelRegistry.open({ repository: repo.dir, models: [{ name: MODEL, version: '1' }] });
  const plane = createInferencePlane({ registry, observer });
  server = await listen(plane.handler(createTestApp(plane.router)));
});
afterAll(async () => {
  await server?.close();
  await registry?.close();
  await repo?.cleanup();
});

/** The version that answered a request with this id. */
async function answeredBy(id: string, path = `/v2/models/${MODEL}/infer`): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify(inferBody(WINES[0]!)) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { model_version: string }).model_version;
}

const toCandidate = (id: string) => id.startsWith('c-');

describe('a rollout', () => {
  it('sends the requests the split picks to the candidate, on both paths, and never splits an explicit version', async () => {
    await registry.startRollout(MODEL, '2', { mode: 'canary', routesToCandidate: toCandidate });
    expect(await answeredBy('c-1')).toBe('2');
    expect(await answeredBy('p-1')).toBe('1');
    // A trailing slash is handed over to the Express router (plane.router), which must split the same way.
    expect(await answeredBy('c-1', `/v2/models/${MODEL}/infer/`), 'the Express path splits the same way').toBe('2');
    expect(await answeredBy('p-1', `/v2/models/${MODEL}/infer/`)).toBe('1');
    expect(await answeredBy('c-1', `/v2/models/${MODEL}/versions/1/infer`)).toBe('1');
    expect(await answeredBy('p-1', `/v2/models/${MODEL}/versions/2/infer`)).toBe('2');
    expect(await answeredBy('p-1', `/v2/models/${MODEL}/versions/candidate/infer`)).toBe('2');
  });

  it('in shadow mode answers with the main version and reports the candidate\'s scoring to the observer', async () => {
    await registry.startRollout(MODEL, '2', { mode: 'shadow', routesToCandidate: toCandidate });
    inferred.length = 0;
    expect(await answeredBy('c-2')).toBe('1');
    expect(await answeredBy('p-2')).toBe('1');
    await expect.poll(() => inferred.filter((e) => e.version === '2')).toEqual([{ version: '2', outcome: 'success' }]);
    expect(inferred.filter((e) => e.version === '1')).toHaveLength(2);
  });

  it('promotes the candidate to the main version, or rolls it back', async () => {
    await registry.endRollout(MODEL, 'rollback');
    expect(registry.rollout(MODEL)).toBeUndefined();
    expect(await answeredBy('c-3')).toBe('1');
    await registry.startRollout(MODEL, '2', { mode: 'canary', routesToCandidate: toCandidate });
    const old = registry.get(MODEL)!;
    await registry.endRollout(MODEL, 'promote');
    expect(await answeredBy('p-3')).toBe('2');
    await expect.poll(() => old.score(Float32Array.from(WINES[0]!), 1).then(() => 'open', () => 'closed')).toBe('closed');
  });
});
