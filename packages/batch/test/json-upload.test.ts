// JSON batch bodies that must be refused before a batch exists: rows nested too deep (issue 12, item 3).

import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { startBatchFixture, type BatchFixture } from './fixtures/batch-fixture';

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

  it('still reports a row holding a small nested value as a failed row', async () => {
    const res = await request(fx.app).post('/v1/batches').send({ rows: [WINE, [[1], ...WINE.slice(1)]] }).expect(202);
    expect(res.body.rows.total).toBe(2);
  });
});
