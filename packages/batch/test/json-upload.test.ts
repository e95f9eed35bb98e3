// JSON batch bodies that must be refused before a batch exists: rows nested too deep (issue 12, item 3).

import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

describe.skipIf(!testRedis)('JSON batch bodies', () => {
  let fx: BatchFixture;
  beforeEach(async () => {
    fx = await startBatchFixture(testRedis!.url);
  });
  afterEach(async () => fx.close());

  it('answers 400 for a row nested 100,000 levels deep, and creates no batch', async () => {
    const depth = 100_000;
    const body = `{"batchId":"deep-1","rows":[${JSON.stringify(WINE)},${'['.repeat(depth)}${']'.repeat(depth)}]}`;
    const res = await request(fx.app).post('/v1/batches').set('content-type', 'application/json').send(body);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
    expect(res.body.error).toMatch(/row 1 is nested more than \d+ levels deep/);
    await request(fx.app).get('/v1/batches/deep-1').expect(404);
    expect(await fx.redis.keys(`${fx.space.prefix}:batches:*`)).toEqual([]);
  });

  it('keeps a 900 KB value and 1e400 out of the stored failure reasons: quoted briefly, numbers as sent', async () => {
    await fx.startWorker();
    const body = `{"rows":[${JSON.stringify(WINE)},${JSON.stringify(['x'.repeat(900_000), ...WINE.slice(1)])},[1e400,${WINE.slice(1).join(',')}]]}`;
    const { body: submitted } = await request(fx.app).post('/v1/batches').set('content-type', 'application/json').send(body).expect(202);
    await waitForBatch(async () => (await request(fx.app).get(`/v1/batches/${submitted.batchId}`).set('batch-token', submitted.token).expect(200)).body);
    const status = await request(fx.app).get(`/v1/batches/${submitted.batchId}`).set('batch-token', submitted.token).expect(200);
    expect(status.text.length).toBeLessThan(2000);
    expect(status.body.failedRows).toEqual([
      { row: 1, reason: `value 0 ("fixed acidity") is "${'x'.repeat(100)}…" (900000 characters), not a number` },
      { row: 2, reason: 'value 0 ("fixed acidity") is not a finite number (beyond ±1.8e308, such as 1e400)' },
    ]);
  });

  it('still reports a row holding a small nested value as a failed row', async () => {
    const res = await request(fx.app).post('/v1/batches').send({ rows: [WINE, [[1], ...WINE.slice(1)]] }).expect(202);
    expect(res.body.rows.total).toBe(2);
  });
});
