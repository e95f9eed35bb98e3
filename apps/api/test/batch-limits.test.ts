// The API's batch limits from its configuration: record size, content types, what a client sees when Redis fails.

import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrlFromEnv } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis } from '@mlops/redis/test-redis';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const testRedis = await startTestRedis();
const HEADER = 'name,fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol';
const WINE = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4';

/** Polls until the batch routes stop answering 503 (the API's Redis connection is ready), with a deadline. */
async function untilBatchesReady(api: Api): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await request(api.app).get('/v1/batches/ready-check')).status === 503) {
    if (Date.now() > deadline) throw new Error('the batch routes still answer 503 after 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!testRedis)('the API batch limits', () => {
  const space = { BATCH_QUEUE: `api-limits-${randomUUID()}`, BATCH_PREFIX: `api-limits-${randomUUID()}` };
  let api: Api;
  beforeAll(async () => {
    api = await buildApi(readConfig({ ...process.env, ...space, REDIS_URL: testRedis!.url, MODEL_VERSION: '1', BATCH_MAX_RECORD_SIZE: '500' }), logger);
    await untilBatchesReady(api);
  });
  afterAll(async () => {
    await api.close();
    const redis = new Redis(testRedis?.url ?? redisUrlFromEnv());
    await deleteKeysWithPrefix(redis, space.BATCH_PREFIX);
    redis.disconnect();
  });

  it('refuses a CSV record longer than BATCH_MAX_RECORD_SIZE with a 413 naming the limit', async () => {
    const res = await request(api.app).post('/v1/batches').set('content-type', 'text/csv').send(`${HEADER}\n${'n'.repeat(2000)},${WINE}\n`).expect(413);
    expect(res.body.error).toContain('longer than 500 characters');
    await request(api.app).post('/v1/batches').set('content-type', 'text/csv').send(`${HEADER}\n"Wine, red",${WINE}\n`).expect(202);
  });
});
