// With Redis unreachable the batch routes answer 503 at once and say why; the process keeps serving and shuts down cleanly.

import { createServer } from 'node:net';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createProducerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startTcpProxy } from '@mlops/redis/test-tcp-proxy';
import { createBatchQueue } from '../src/index';
import { testApp } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the batch routes when Redis is down', async () => {
  const port = await closedPort();
  const redis = createProducerConnection(`redis://127.0.0.1:${port}`);
  const queue = createBatchQueue(redis, { queueName: 'chunks', prefix: 'redis-down-test' });
  const app = testApp({ redis, queue });
  afterAll(async () => {
    await queue.close().catch(() => {});
    redis.disconnect();
  });

  it('answers 503 within a second with a message naming Redis and the retry, not its host or port, for every batch route', async () => {
    for (const [method, path] of [['post', '/v1/batches'], ['get', '/v1/batches/abc'], ['get', '/v1/batches/abc/results'], ['delete', '/v1/batches/abc']] as const) {
      const started = Date.now();
      const res = await request(app)[method](path).send({ rows: [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]] });
      expect(res.status, `${method.toUpperCase()} ${path}`).toBe(503);
      expect(res.body.error).toBe('batch scoring is unavailable: its Redis store cannot be reached right now; retry in a few seconds');
      expect(res.text).not.toContain(String(port));
      expect(res.text).not.toContain('127.0.0.1');
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('keeps the process up: the next requests are answered too', async () => {
    for (let i = 0; i < 3; i++) await request(app).get('/v1/batches/abc').expect(503);
  });
});

describe('a queue whose Redis never answered', () => {
  it('closes and disconnects without an unhandled rejection, even in the middle of a reconnect attempt', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const redis = createProducerConnection(`redis://127.0.0.1:${await closedPort()}`);
      const queue = createBatchQueue(redis, { queueName: 'chunks', prefix: uniquePrefix() });
      // The second attempt starts after a first ECONNREFUSED: the moment BullMQ's wait for 'ready' used to reject.
      let attempts = 0;
      await new Promise<void>((resolve) => redis.on('connecting', () => ++attempts === 2 && resolve()));
      await queue.close();
      const ended = new Promise((resolve) => redis.once('end', resolve));
      redis.disconnect();
      // A rejection left by the disconnect surfaces when the client ends, at the latest on the next turn of the event loop.
      await ended;
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe.skipIf(!testRedis)('a queue created while Redis is down', () => {
  it('adds jobs once Redis is back', async () => {
    const target = new URL(testRedis!.url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.cut();
    const redis = createProducerConnection(`redis://127.0.0.1:${proxy.port}`);
    const prefix = uniquePrefix();
    const queue = createBatchQueue(redis, { queueName: 'chunks', prefix });
    try {
      await expect(queue.add('chunk', { batchId: 'b', chunkIndex: 0 } as never)).rejects.toThrow();
      await proxy.restore();
      await new Promise((resolve) => redis.once('ready', resolve));
      await queue.add('chunk', { batchId: 'b', chunkIndex: 0 } as never);
      expect(await queue.getJobCounts('wait')).toEqual({ wait: 1 });
    } finally {
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix).catch(() => {});
      redis.disconnect();
      await proxy.close();
    }
  });
});
