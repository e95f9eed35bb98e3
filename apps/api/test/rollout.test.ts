// Rollouts through the running API on the real model: the repository routes behind ADMIN_TOKEN, and the canary loop
// (split by request id, shadow scoring, promotion and automatic rollback written to the aliases, gauges on /metrics).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@mlops/http-service';
import { routesToCanary } from '@mlops/model-lifecycle';
import { readAliases, readAliasHistory, setAlias } from '@mlops/model-store';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';
import { MODEL, rolloutRepository, type Variant } from './helpers/rollout-repository';

const TOKEN = 'rollout-test-token-0123456789';
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An API on a temp repository with the given extra versions, fast rollout checks, listening on 127.0.0.1. */
async function start(versions: Record<string, Variant>, env: Record<string, string> = {}): Promise<{ api: Api; base: string; dir: string }> {
  const repo = await rolloutRepository(versions);
  cleanups.push(repo.cleanup);
  const api = await buildApi(readConfig({ MODEL_REPOSITORY: repo.dir, ROLLOUT_CHECK_SECONDS: '0.05', CANARY_MIN_REQUESTS: '40', ...env }), createLogger({ level: 'silent' }));
  const server: Server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => api.close(), () => new Promise((resolve) => server.close(resolve)));
  return { api, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dir: repo.dir };
}

/** One v2 infer request with that request id; returns the version that answered and the predicted label. */
async function infer(base: string, id: string, path = `/v2/models/${MODEL}/infer`): Promise<{ version: string; label: string }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': id },
    body: JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: WINE }] }),
  });
  const body = (await res.json()) as { model_version: string; outputs: { name: string; data: string[] }[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return { version: body.model_version, label: body.outputs.find((o) => o.name === 'label')!.data[0]! };
}

const metric = async (base: string, series: string): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
};
const candidateServed = (api: Api) => api.registry.rollout(MODEL)?.candidate.version;
const setCandidate = (dir: string, version: string) => setAlias(dir, MODEL, { alias: 'candidate', version, actor: 'test', reason: 'a candidate to try' });

describe('model repository routes in the API', () => {
  it('answer 403 without ADMIN_TOKEN, 401 with a wrong token, and swap versions with the right one', async () => {
    const closed = await start({});
    const refused = await fetch(`${closed.base}/v2/repository/index`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('ADMIN_TOKEN');

    const { base } = await start({ 2: 'same' }, { ADMIN_TOKEN: TOKEN, MODEL_VERSION: '1' });
    const post = (path: string, body?: unknown, token = TOKEN) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    expect((await post('/v2/repository/index', {}, 'wrong-token-0123456789')).status).toBe(401);
    expect(await (await post(`/v2/repository/models/${MODEL}/load`, { parameters: { version: '2' } })).json()).toEqual({ name: MODEL, version: '2', load: true });
    expect((await infer(base, 'after-swap')).version).toBe('2');
    expect(await (await post('/v2/repository/index', { ready: true })).json()).toEqual([{ name: MODEL, version: '2', state: 'READY', reason: '' }]);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(new RegExp(`^model_info\\{name="${MODEL}",version="2",sha256="[0-9a-f]{64}"\\} 1$`, 'm'));
  });
});

describe('canary', () => {
  it('splits by request id (retries see one version, explicit versions are not split), then promotes a healthy candidate', async () => {
    // The latency rule is left wide: 40 concurrent requests per version on a busy 2-core machine give noisy p95s.
    const { api, base, dir } = await start({ 2: 'same' }, { CANARY_PERCENT: '50', CANARY_MAX_LATENCY_RATIO: '100' });
    await setCandidate(dir, '2');
    await expect.poll(() => candidateServed(api), { timeout: 5000 }).toBe('2');
    expect(await metric(base, `model_rollout_state{model="${MODEL}",state="canary"}`)).toBe(1);
    expect(await metric(base, `model_traffic_share{model="${MODEL}",version="2"}`)).toBe(0.5);

    const ids = Array.from({ length: 30 }, (_, i) => `client-${i}`);
    const first = await Promise.all(ids.map((id) => infer(base, id)));
    expect(first.map((a) => a.version)).toEqual(ids.map((id) => (routesToCanary(id, 50, `${MODEL}:2`) ? '2' : '1')));
    expect(new Set(first.map((a) => a.version))).toEqual(new Set(['1', '2']));
    const retried = await Promise.all(ids.map((id) => infer(base, id)));
    expect(retried.map((a) => a.version), 'a retry with the same id sees the same version').toEqual(first.map((a) => a.version));
    const toCandidate = ids.find((id) => routesToCanary(id, 50, `${MODEL}:2`))!;
    expect((await infer(base, toCandidate, `/v2/models/${MODEL}/versions/1/infer`)).version, 'an explicit version is not split').toBe('1');
    expect((await infer(base, 'any', `/v2/models/${MODEL}/versions/candidate/infer`)).version).toBe('2');

    for (let round = 0; round < 4 && candidateServed(api) !== undefined; round += 1) {
      await Promise.all(Array.from({ length: 40 }, (_, i) => infer(base, `more-${round}-${i}`)));
    }
    await expect.poll(async () => (await readAliases(dir, MODEL)).aliases, { timeout: 5000 }).toEqual({ production: '2' });
    const history = await readAliasHistory(dir, MODEL, 2);
    expect(history.map((h) => [h.actor, h.alias, h.to])).toEqual([['canary', 'production', '2'], ['canary', 'candidate', null]]);
    expect(history[0]!.reason).toContain('canary passed');
    expect(api.registry.get(MODEL)!.version).toBe('2');
    expect(candidateServed(api)).toBeUndefined();
    expect((await infer(base, 'after')).version).toBe('2');
    expect(await metric(base, `model_rollout_state{model="${MODEL}",state="promoted"}`)).toBe(1);
    expect(await metric(base, `model_traffic_share{model="${MODEL}",version="2"}`)).toBe(1);
  });

  it('rolls back a candidate that cannot load, then one whose predictions moved; production keeps answering', async () => {
    const { api, base, dir } = await start({ 2: 'wrong-width', 3: 'labels-reversed' }, { CANARY_PERCENT: '50' });
    await setCandidate(dir, '2');
    await expect.poll(async () => (await readAliases(dir, MODEL)).aliases.candidate, { timeout: 5000 }).toBeUndefined();
    expect((await readAliasHistory(dir, MODEL, 1))[0]).toMatchObject({ actor: 'canary', action: 'rollback', alias: 'candidate', from: '2', to: null });
    expect(await metric(base, `model_rollout_state{model="${MODEL}",state="failed"}`)).toBe(1);

    await setCandidate(dir, '3');
    await expect.poll(() => candidateServed(api), { timeout: 5000 }).toBe('3');
    const answers: { version: string; label: string }[] = [];
    for (let round = 0; round < 4 && candidateServed(api) !== undefined; round += 1) {
      answers.push(...(await Promise.all(Array.from({ length: 40 }, (_, i) => infer(base, `r-${round}-${i}`)))));
    }
    expect(answers.some((a) => a.version === '3'), 'the candidate answered its share').toBe(true);
    await expect.poll(async () => (await readAliases(dir, MODEL)).aliases, { timeout: 5000 }).toEqual({ production: '1' });
    const last = (await readAliasHistory(dir, MODEL, 1))[0]!;
    expect(last).toMatchObject({ actor: 'canary', action: 'rollback', from: '3', to: null });
    expect(last.reason).toContain('prediction distributions');
    expect(candidateServed(api)).toBeUndefined();
    expect((await infer(base, 'r-0-0')).version, 'the ids that went to the candidate are back on production').toBe('1');
    expect(await metric(base, `model_rollout_state{model="${MODEL}",state="rolled_back"}`)).toBe(1);
  });

  it('in shadow mode answers every request with production and scores the candidate on the side', async () => {
    const { api, base, dir } = await start({ 2: 'same' }, { CANARY_PERCENT: '50', CANARY_MODE: 'shadow', CANARY_MIN_REQUESTS: '1000' });
    await setCandidate(dir, '2');
    await expect.poll(() => candidateServed(api), { timeout: 5000 }).toBe('2');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => infer(base, `s-${i}`)));
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set(['1']));
    const shadowed = Array.from({ length: 40 }, (_, i) => `s-${i}`).filter((id) => routesToCanary(id, 50, `${MODEL}:2`)).length;
    await expect.poll(() => metric(base, `inference_requests_total{model="${MODEL}",version="2",outcome="success"}`)).toBe(shadowed);
    expect(await metric(base, `model_rollout_state{model="${MODEL}",state="shadow"}`)).toBe(1);
    expect(await metric(base, `model_traffic_share{model="${MODEL}",version="1"}`)).toBe(1);
  });
});
