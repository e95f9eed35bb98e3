// The API mounts the retraining triggers: closed until RETRAINING_TOKEN is set, then guarded by the bearer token.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const ALERT = { version: '4', status: 'firing', receiver: 'retraining', alerts: [] };

describe('the retraining routes of the API', () => {
  let closed: Api;
  let open: Api;
  beforeAll(async () => {
    closed = await buildApi(readConfig({ MODEL_VERSION: '1', METRICS: 'off', DRIFT_LIVE: 'off' }), logger);
    open = await buildApi(readConfig({ MODEL_VERSION: '1', METRICS: 'off', DRIFT_LIVE: 'off', RETRAINING_TOKEN: 'a-long-enough-test-token' }), logger);
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it('answers 403 and says how to enable them while no RETRAINING_TOKEN is set', async () => {
    const res = await request(closed.app).post('/v1/retraining').send({}).expect(403);
    expect(res.body.error).toMatch(/RETRAINING_TOKEN/);
    await request(closed.app).post('/v1/alerts/alertmanager').send(ALERT).expect(403);
  });

  it('refuses a wrong bearer token with 401 once a token is set', async () => {
    await request(open.app).post('/v1/retraining').set('authorization', 'Bearer not-the-token-at-all').send({}).expect(401);
    await request(open.app).post('/v1/alerts/alertmanager').send(ALERT).expect(401);
  });
});
