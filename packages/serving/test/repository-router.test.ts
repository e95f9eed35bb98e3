// The model repository routes over real HTTP on the real model: admin guard, index, load (swap), failed load, unload.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferencePlane, createRepositoryRouter, ModelRegistry } from '../src/index';
import { listen } from './helpers/listening';
import { MODEL, repositoryWithVersion2, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

const TOKEN = 'test-admin-token-0123456789';
const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });

let repo: Awaited<ReturnType<typeof repositoryWithVersion2>>;
let registry: ModelRegistry;
let server: Awaited<ReturnType<typeof listen>>;
let closedServer: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  repo = await repositoryWithVersion2();
  // Version 3: a model.onnx that does not match its manifest's sha256.
  await repositoryFile('2', '3');
  registry = await ModelRegistry.open({ repository: repo.dir, models: [{ name: MODEL }] });
  const plane = createInferencePlane({ registry });
  const routes = express.Router().use(createRepositoryRouter({ registry, adminToken: TOKEN, logger, rateLimit: { limit: 40, windowSeconds: 60 } }), plane.router);
  server = await listen(plane.handler(createTestApp(routes)));
  closedServer = await listen(createTestApp(createRepositoryRouter({ registry, adminToken: undefined, rateLimit: { limit: 2, windowSeconds: 60 } })));
});
afterAll(async () => {
  await server?.close();
  await closedServer?.close();
  await registry?.close();
  await repo?.cleanup();
});

async function repositoryFile(from: string, to: string): Promise<void> {
  const { cp, readFile } = await import('node:fs/promises');
  await cp(join(repo.dir, MODEL, from), join(repo.dir, MODEL, to), { recursive: true });
  const manifest = JSON.parse(await readFile(join(repo.dir, MODEL, to, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(repo.dir, MODEL, to, 'manifest.json'), JSON.stringify({ ...manifest, version: to }));
  const bytes = await readFile(join(repo.dir, MODEL, to, 'model.onnx'));
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  await writeFile(join(repo.dir, MODEL, to, 'model.onnx'), bytes);
}

const admin = (path: string, body?: unknown, token: string | undefined = TOKEN, base = server.url) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const infer = async (path = `/v2/models/${MODEL}/infer`) => {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inferBody(WINES[0]!)) });
  return { status: res.status, body: (await res.json()) as { model_version?: string; error?: string } };
};

describe('admin guard', () => {
  it('answers 403 saying how to enable the routes when no token is configured, then 429 past the rate limit', async () => {
    const res = await admin('/v2/repository/index', undefined, TOKEN, closedServer.url);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain('set ADMIN_TOKEN');
    expect((await admin('/v2/repository/index', undefined, TOKEN, closedServer.url)).status).toBe(403);
    const limited = await admin('/v2/repository/index', undefined, TOKEN, closedServer.url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 401 for a missing or wrong token, and never reaches the handler', async () => {
    const missing = await admin(`/v2/repository/models/${MODEL}/unload`, undefined, '');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await admin(`/v2/repository/models/${MODEL}/unload`, undefined, `${TOKEN}x`)).status).toBe(401);
    expect((await infer()).status).toBe(200);
  });
});

describe('repository routes', () => {
  it('lists the loaded version READY and the others UNAVAILABLE', async () => {
    const res = await admin('/v2/repository/index', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { name: MODEL, version: '1', state: 'READY', reason: '' },
      { name: MODEL, version: '2', state: 'UNAVAILABLE', reason: '' },
      { name: MODEL, version: '3', state: 'UNAVAILABLE', reason: '' },
    ]);
    expect(await (await admin('/v2/repository/index', { ready: true })).json()).toEqual([{ name: MODEL, version: '1', state: 'READY', reason: '' }]);
  });

  it('swaps to version 2 on load, logs who did it without the token, and serves it by number and by alias', async () => {
    const res = await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: '2' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: MODEL, version: '2', load: true });
    expect((await infer()).body.model_version).toBe('2');
    expect((await infer(`/v2/models/${MODEL}/versions/2/infer`)).status).toBe(200);
    expect((await infer(`/v2/models/${MODEL}/versions/1/infer`)).status).toBe(404);
    const audit = lines.find((l) => l.action === 'load' && l.version === '2')!;
    expect(audit).toMatchObject({ admin: { remote: '127.0.0.1' }, model: MODEL, previous: '1', requested: '2' });
    expect((audit.admin as { tokenId: string }).tokenId).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    // production is version 1 in aliases.json: loading the alias swaps back, and the version route takes the alias name.
    expect(await (await admin(`/v2/repository/models/${MODEL}/load`)).json()).toEqual({ name: MODEL, version: '1', load: true });
    expect((await infer(`/v2/models/${MODEL}/versions/production/infer`)).body.model_version).toBe('1');
  });

  it('keeps the old version serving when a load fails, and says why', async () => {
    const bad = await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: '3' } });
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: string };
    expect(error).toContain('checksum');
    expect(error).toContain('wine-quality/3/model.onnx');
    expect(error).not.toContain(repo.dir);
    expect(error).toContain('version 1 keeps serving');
    expect((await infer()).body.model_version).toBe('1');
    const index = (await (await admin('/v2/repository/index')).json()) as { version: string; state: string; reason: string }[];
    expect(index.find((e) => e.version === '3')).toMatchObject({ state: 'UNAVAILABLE', reason: expect.stringContaining('checksum') as string });
    expect((await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: '9' } })).status).toBe(404);
    expect((await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: 'candidate' } })).status).toBe(404);
    expect((await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: '../1' } })).status).toBe(400);
    expect((await admin('/v2/repository/models/red-wine/load')).status).toBe(404);
    expect((await infer()).body.model_version).toBe('1');
  });

  it('quotes a long model name or version briefly in its 4xx, never whole', async () => {
    const long = 'x'.repeat(5000);
    const unknown = (await (await admin(`/v2/repository/models/${long}/load`)).json()) as { error: string };
    expect(unknown.error).toContain('(5000 characters)');
    expect(unknown.error.length).toBeLessThan(300);
    const badVersion = (await (await admin(`/v2/repository/models/${MODEL}/load`, { parameters: { version: long } })).json()) as { error: string };
    expect(badVersion.error).toContain('(5000 characters)');
    const { status, body } = await infer(`/v2/models/${long}/infer`);
    expect(status).toBe(404);
    expect(body.error).toContain('(5000 characters)');
    expect(body.error!.length).toBeLessThan(300);
  });

  it('unloads (infer answers 503 saying how to load it) and loads again', async () => {
    expect(await (await admin(`/v2/repository/models/${MODEL}/unload`, {})).json()).toEqual({ name: MODEL, unload: true });
    const gone = await infer();
    expect(gone.status).toBe(503);
    expect(gone.body.error).toContain(`POST /v2/repository/models/${MODEL}/load`);
    expect((await (await admin('/v2/repository/index')).json()) as unknown[]).toContainEqual({ name: MODEL, version: '', state: 'UNAVAILABLE', reason: 'unloaded' });
    expect((await admin(`/v2/repository/models/${MODEL}/load`)).status).toBe(200);
    expect((await infer()).status).toBe(200);
  });
});
