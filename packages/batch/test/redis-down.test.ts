// With Redis unreachable the batch routes answer 503 at once and say why; the process keeps serving.

import { createServer } from 'node:net';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createProducerConnection } from '@mlops/redis';
import { createBatchQueue } from '../src/index';
import { testApp } from './fixtures/batch-fixture';

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
    redis.disconnect();
    await queue.close().catch(() => {});
  });

  it('answers 503 within a second with a message naming Redis, for every batch route', async () => {
    for (const [method, path] of [['post', '/v1/batches'], ['get', '/v1/batches/abc'], ['get', '/v1/batches/abc/results'], ['delete', '/v1/batches/abc']] as const) {
      const started = Date.now();
      const res = await request(app)[method](path).send({ rows: [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]] });
      expect(res.status, `${method.toUpperCase()} ${path}`).toBe(503);
      expect(res.body.error).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });

  it('keeps the process up: the next requests are answered too', async () => {
    for (let i = 0; i < 3; i++) await request(app).get('/v1/batches/abc').expect(503);
  });
});
