// A batch belongs to its submitter: its token (kept only as a SHA-256) reads and cancels it; anyone else gets a 404 (issue 12, item 4).

import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { batchKeys } from '../src/index';
import { startBatchFixture, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const OTHER_TOKEN = 'someone-else-0123456789abcdefghijklmnopqrstuv';

describe.skipIf(!testRedis)('batch ownership', () => {
  let fx: BatchFixture;
  beforeEach(async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 2 });
  });
  afterEach(async () => fx.close());

  it('returns a token at creation and keeps only its SHA-256 in Redis', async () => {
    const res = await request(fx.app).post('/v1/batches').send({ rows: [WINE] }).expect(202);
    const token: string = res.body.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers['batch-token']).toBe(token);
    const meta = await fx.redis.hgetall(batchKeys(fx.space, res.body.batchId).meta);
    expect(meta.owner).toBe(createHash('sha256').update(token).digest('hex'));
    const everything = JSON.stringify(await Promise.all((await fx.redis.keys(`${fx.space.prefix}:*`)).map(async (k) => [k, (await fx.redis.type(k)) === 'hash' ? await fx.redis.hgetall(k) : ''])));
    expect(everything).not.toContain(token);
  });

  it('answers 404, as for an unknown id, to reads and cancels without the token or with another', async () => {
    const { body } = await request(fx.app).post('/v1/batches').set('batch-id', 'acme-q3-report').send({ rows: [WINE, WINE, WINE] }).expect(202);
    const unknown = (await request(fx.app).get('/v1/batches/acme-q4-report').expect(404)).body.error as string;
    for (const token of [undefined, OTHER_TOKEN, `${body.token as string}x`]) {
      for (const send of [
        () => request(fx.app).get('/v1/batches/acme-q3-report'),
        () => request(fx.app).get('/v1/batches/acme-q3-report/results'),
        () => request(fx.app).delete('/v1/batches/acme-q3-report'),
      ]) {
        const res = await (token === undefined ? send() : send().set('batch-token', token)).expect(404);
        expect(res.body.error).toBe(unknown.replace('acme-q4-report', 'acme-q3-report'));
      }
    }
    const own = await request(fx.app).get('/v1/batches/acme-q3-report').set('batch-token', body.token).expect(200);
    expect(own.body).toMatchObject({ state: 'queued', rows: { total: 3 } });
    expect(own.body).not.toHaveProperty('ownerHash');
  });

  it('keeps a client-chosen id with its first submitter: another submitter gets 409 and changes nothing', async () => {
    const first = await request(fx.app).post('/v1/batches').set('batch-id', 'shared-name').send({ rows: [WINE] }).expect(202);
    const meta = await fx.redis.hgetall(batchKeys(fx.space, 'shared-name').meta);
    for (const token of [undefined, OTHER_TOKEN]) {
      const post = request(fx.app).post('/v1/batches').set('batch-id', 'shared-name');
      const res = await (token === undefined ? post : post.set('batch-token', token)).send({ rows: [WINE, WINE, WINE] }).expect(409);
      expect(res.body.error).toContain('"shared-name" is already in use; choose another id');
      expect(res.headers['batch-token']).toBeUndefined();
    }
    expect(await fx.redis.hgetall(batchKeys(fx.space, 'shared-name').meta)).toEqual(meta);
    expect(await fx.queue.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    const again = await request(fx.app).post('/v1/batches').set('batch-id', 'shared-name').set('batch-token', first.body.token).send({ rows: [WINE] }).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, rows: { total: 1 } });
  });

  it('refuses a malformed token with a 400 saying what a token is', async () => {
    const res = await request(fx.app).post('/v1/batches').set('batch-token', 'short').send({ rows: [WINE] }).expect(400);
    expect(res.body.error).toContain('32-200 letters, digits');
  });
});
