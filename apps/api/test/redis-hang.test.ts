// A hung Redis (stopped, not closed) bounds the batch routes: 503 within ~2 s; serving is unaffected (issue 12, item 5).

import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, startTestRedis } from '@mlops/redis/test-redis';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const testRedis = await startTestRedis();
const WINE = { fixedAcidity: 7.4, volatileAcidity: 0.7, citricAcid: 0, residualSugar: 1.9, chlorides: 0.076, freeSulfurDioxide: 11, totalSulfurDioxide: 34, density: 0.9978, pH: 3.51, sulphates: 0.56, alcohol: 9.4 };

/** A proxy to Redis whose answers can be held back (like a SIGSTOPped redis-server: connections stay open, nothing comes back). */
async function startPausingProxy(target: URL): Promise<{ port: number; pause(): void; resume(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const upstreams = new Set<Socket>();
  let paused = false;
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 6379), target.hostname);
    upstreams.add(upstream);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => (sockets.delete(s), upstreams.delete(s)));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    if (paused) upstream.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    pause: () => ((paused = true), upstreams.forEach((s) => s.pause())),
    resume: () => ((paused = false), upstreams.forEach((s) => s.resume())),
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), sockets.forEach((s) => s.destroy()))),
  };
}

describe.skipIf(!testRedis)('the API with a hung Redis', () => {
  const space = { BATCH_QUEUE: `api-hang-${randomUUID()}`, BATCH_PREFIX: `api-hang-${randomUUID()}` };
  let api: Api;
  let proxy: Awaited<ReturnType<typeof startPausingProxy>>;
  beforeAll(async () => {
    proxy = await startPausingProxy(new URL(testRedis!.url));
    api = await buildApi(readConfig({ ...process.env, ...space, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, MODEL_VERSION: '1' }), logger);
    const deadline = Date.now() + 5000;
    while ((await request(api.app).get('/v1/batches/ready-check')).status === 503) {
      if (Date.now() > deadline) throw new Error('the batch routes still answer 503 after 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  afterAll(async () => {
    proxy?.resume();
    await api?.close();
    await proxy?.close();
    const redis = new Redis(testRedis!.url);
    await deleteKeysWithPrefix(redis, space.BATCH_PREFIX);
    redis.disconnect();
  });

  it('answers batch routes 503 within the 2 s command timeout while Redis hangs, and keeps serving predictions', async () => {
    const { body } = await request(api.app).post('/v1/batches').send({ rows: [WINE] }).expect(202);
    proxy.pause();
    for (const send of [() => request(api.app).get(`/v1/batches/${body.batchId}`), () => request(api.app).post('/v1/batches').send({ rows: [WINE] })]) {
      const started = Date.now();
      const res = await send().timeout(6000);
      expect(res.status, res.text.slice(0, 200)).toBe(503);
      expect(res.body.error).toMatch(/retry/);
      expect(Date.now() - started).toBeLessThan(3000);
    }
    const started = Date.now();
    await request(api.app).post('/v1/predict').send(WINE).expect(200);
    expect(Date.now() - started).toBeLessThan(1000);
    proxy.resume();
  }, 20_000);

  it('reads the timeout from BATCH_REDIS_COMMAND_TIMEOUT_MS', () => {
    expect(readConfig({}).BATCH_REDIS_COMMAND_TIMEOUT_MS).toBe(2000);
    expect(readConfig({ BATCH_REDIS_COMMAND_TIMEOUT_MS: '500' }).BATCH_REDIS_COMMAND_TIMEOUT_MS).toBe(500);
  });
});
