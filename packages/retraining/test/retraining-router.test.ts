// The retraining routes over real HTTP and a real Redis: auth, validation, one retraining per alert episode, limits.

import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createProducerConnection } from '@mlops/redis';
import { startTestRedis } from '@mlops/redis/test-redis';
import { RetrainJobDataSchema } from '../src/job-types';
import { createRetrainQueue } from '../src/retrain-queue';
import { alertEpisodeKey } from '../src/retraining-space';
import { notification, retrainingApp, startRouterFixture, TEST_TOKEN, type RouterFixture } from './fixtures/router-fixture';

const testRedis = await startTestRedis();
const WEBHOOK = '/v1/alerts/alertmanager';
const auth = `Bearer ${TEST_TOKEN}`;

describe.skipIf(!testRedis)('the retraining routes', () => {
  let fx: RouterFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });
  const start = async (options: Parameters<typeof startRouterFixture>[1] = {}) => (fx = await startRouterFixture(testRedis!.url, options));
  const jobIds = async (f: RouterFixture) => (await f.queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).map((j) => j.id).sort();

  it('refuses both triggers with 403 saying how to enable them while no token is configured', async () => {
    const f = await start({ token: undefined });
    const res = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'a1' }])).expect(403);
    expect(res.body.error).toMatch(/set RETRAINING_TOKEN .*Authorization: Bearer/);
    await request(f.app).post('/v1/retraining').set('authorization', auth).send({ reason: 'new data' }).expect(403);
    expect(await jobIds(f)).toEqual([]);
  });

  it('answers 401 without the bearer token or with another one, before reading the body', async () => {
    const f = await start();
    const none = await request(f.app).post(WEBHOOK).send(notification([{ fingerprint: 'a1' }])).expect(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    await request(f.app).post(WEBHOOK).set('authorization', `Bearer ${TEST_TOKEN}x`).send(notification([{ fingerprint: 'a1' }])).expect(401);
    await request(f.app).post(WEBHOOK).set('authorization', TEST_TOKEN).send(notification([{ fingerprint: 'a1' }])).expect(401);
    expect(await jobIds(f)).toEqual([]);
  });

  it('rejects what is not an Alertmanager payload with a 400 naming the fields, and a body over the limit with 413', async () => {
    const f = await start({ maxBody: '2kb' });
    const wrongVersion = await request(f.app).post(WEBHOOK).set('authorization', auth).send({ ...notification([{ fingerprint: 'a1' }]), version: '3' }).expect(400);
    expect(wrongVersion.body.error).toContain('version');
    const noFingerprint = notification([{ fingerprint: 'a1' }]);
    delete (noFingerprint.alerts[0] as { fingerprint?: string }).fingerprint;
    expect((await request(f.app).post(WEBHOOK).set('authorization', auth).send(noFingerprint).expect(400)).body.error).toContain('alerts.0.fingerprint');
    const badTime = notification([{ fingerprint: 'a1', startsAt: 'yesterday' }]);
    expect((await request(f.app).post(WEBHOOK).set('authorization', auth).send(badTime).expect(400)).body.error).toContain('alerts.0.startsAt');
    await request(f.app).post(WEBHOOK).set('authorization', auth).set('content-type', 'text/plain').send('hello').expect(415);
    const big = notification(Array.from({ length: 30 }, (_, i) => ({ fingerprint: `f${i}` })));
    await request(f.app).post(WEBHOOK).set('authorization', auth).send(big).expect(413);
    expect(await jobIds(f)).toEqual([]);
  });

  it('starts one retraining per alert episode however often and however concurrently it is notified', async () => {
    const f = await start();
    const payload = notification([{ fingerprint: 'c0ffee' }]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => request(f.app).post(WEBHOOK).set('authorization', auth).send(payload)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const started = answers.flatMap((a) => a.body.started);
    expect(started).toHaveLength(1);
    const jobId = started[0].jobId;
    expect(answers.flatMap((a) => a.body.duplicates).map((d: { jobId: string }) => d.jobId)).toEqual([jobId, jobId, jobId, jobId]);
    expect(await jobIds(f)).toEqual([jobId]);
    const job = await f.queue.getJob(jobId);
    expect(job?.data).toMatchObject({ model: 'wine-quality', trigger: { kind: 'alert', alertname: 'ModelDataDrift', fingerprint: 'c0ffee', startsAt: '2026-12-01T10:00:00.000Z', version: '1' } });
    // What the retrain worker checks before it runs a job.
    expect(RetrainJobDataSchema.safeParse(job?.data).success).toBe(true);

    // The same alert firing again after it resolved is a new episode (a new startsAt): a new retraining.
    const again = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'c0ffee', startsAt: '2026-12-02T10:00:00.000Z' }])).expect(200);
    expect(again.body.started).toHaveLength(1);
    expect(again.body.started[0].jobId).not.toBe(jobId);
    expect(await jobIds(f)).toHaveLength(2);
    // The same instant written another way (Alertmanager trims trailing zeros) is the same episode.
    const sameInstant = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'c0ffee', startsAt: '2026-12-01T10:00:00Z' }])).expect(200);
    expect(sameInstant.body.duplicates).toEqual([expect.objectContaining({ jobId })]);
  });

  it('starts nothing for resolved alerts, other alerts or models it does not retrain, and says why', async () => {
    const f = await start();
    const res = await request(f.app)
      .post(WEBHOOK)
      .set('authorization', auth)
      .send(
        notification([
          { fingerprint: 'a1', status: 'resolved' },
          { fingerprint: 'a2', labels: { alertname: 'HighErrorRatio' } },
          { fingerprint: 'a3', labels: { model: 'other-model' } },
        ]),
      )
      .expect(200);
    expect(res.body.started).toEqual([]);
    expect(res.body.ignored.map((i: { fingerprint: string; reason: string }) => [i.fingerprint, i.reason.split(':')[0]])).toEqual([
      ['a1', 'resolved'],
      ['a2', 'alert HighErrorRatio does not trigger retraining (only ModelDataDrift)'],
      ['a3', 'model other-model is not retrained here (known'],
    ]);
    expect(await jobIds(f)).toEqual([]);
  });

  it('retrains a model once per notification even when several of its versions alert', async () => {
    const f = await start();
    const res = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'b1' }, { fingerprint: 'b2', labels: { version: '2' } }])).expect(200);
    expect(res.body.started).toHaveLength(1);
    expect(res.body.duplicates).toEqual([{ fingerprint: 'b2', jobId: res.body.started[0].jobId, statusUrl: res.body.started[0].statusUrl }]);
    // A later notification of b2's episode points at the same job.
    const later = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'b2', labels: { version: '2' } }])).expect(200);
    expect(later.body.duplicates[0].jobId).toBe(res.body.started[0].jobId);
    expect(await jobIds(f)).toHaveLength(1);
  });

  it('limits new retrainings: past the limit it answers 429 with Retry-After and leaves the episode unclaimed for a later notification', async () => {
    const f = await start({ retrainLimit: { limit: 1, windowSeconds: 3600 } });
    await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'd1' }])).expect(200);
    const limited = await request(f.app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'd2' }])).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.rateLimited).toEqual([{ fingerprint: 'd2', model: 'wine-quality' }]);
    expect(await f.redis.keys(alertEpisodeKey(f.space, '*'))).toHaveLength(1);
    // The manual trigger shares the retraining limit.
    const manual = await request(f.app).post('/v1/retraining').set('authorization', auth).send({ reason: 'new data' }).expect(429);
    expect(manual.headers['retry-after']).toBeDefined();
    expect(await jobIds(f)).toHaveLength(1);
  });

  it('limits requests to the triggers: the third of two allowed per window gets 429', async () => {
    const f = await start({ requestLimit: { limit: 2, windowSeconds: 60 } });
    const resolved = notification([{ fingerprint: 'e1', status: 'resolved' }]);
    await request(f.app).post(WEBHOOK).set('authorization', auth).send(resolved).expect(200);
    await request(f.app).post(WEBHOOK).set('authorization', auth).send(resolved).expect(200);
    const third = await request(f.app).post(WEBHOOK).set('authorization', auth).send(resolved).expect(429);
    expect(third.body.error).toContain('at most 2 per 60 s');
  });

  it('starts a retraining by hand, the same job as an alert\'s, idempotent by Idempotency-Key, and reports it', async () => {
    const f = await start();
    const first = await request(f.app).post('/v1/retraining').set('authorization', auth).set('idempotency-key', 'white-wines-1').send({ reason: 'white wines arrived', requestedBy: 'alice' }).expect(202);
    expect(first.body).toMatchObject({ created: true, model: 'wine-quality', statusUrl: `/v1/retraining/${first.body.jobId}` });
    expect(first.headers.location).toBe(first.body.statusUrl);
    const repeat = await request(f.app).post('/v1/retraining').set('authorization', auth).set('idempotency-key', 'white-wines-1').send({ reason: 'white wines arrived' }).expect(200);
    expect(repeat.body).toMatchObject({ jobId: first.body.jobId, created: false });
    const other = await request(f.app).post('/v1/retraining').set('authorization', auth).send({ reason: 'again' }).expect(202);
    expect(other.body.jobId).not.toBe(first.body.jobId);

    expect(RetrainJobDataSchema.safeParse((await f.queue.getJob(first.body.jobId))?.data).success).toBe(true);
    await request(f.app).get(first.body.statusUrl).expect(401); // a status names who asked and the gate's figures
    const status = (await request(f.app).get(first.body.statusUrl).set('authorization', auth).expect(200)).body;
    expect(status).toMatchObject({ id: first.body.jobId, model: 'wine-quality', state: 'waiting', progress: null, result: null, trigger: { kind: 'manual', requestedBy: 'alice', reason: 'white wines arrived' } });
    await request(f.app).get('/v1/retraining/no-such-job').set('authorization', auth).expect(404);
    await request(f.app).get('/v1/retraining/bad:id').set('authorization', auth).expect(400);
    expect((await request(f.app).post('/v1/retraining').set('authorization', auth).send({ reason: '' }).expect(400)).body.error).toContain('reason');
    expect((await request(f.app).post('/v1/retraining').set('authorization', auth).send({ reason: 'x', model: 'nope' }).expect(400)).body.error).toContain('known: wine-quality');
    await request(f.app).post('/v1/retraining').set('authorization', auth).set('idempotency-key', 'no spaces').send({ reason: 'x' }).expect(400);
  });

  it('answers 503 at once while Redis cannot be reached', async () => {
    const redis = createProducerConnection('redis://127.0.0.1:1');
    redis.on('error', () => {});
    const queue = createRetrainQueue(redis);
    queue.on('error', () => {});
    try {
      const app = retrainingApp({ redis, queue, token: TEST_TOKEN });
      const res = await request(app).post(WEBHOOK).set('authorization', auth).send(notification([{ fingerprint: 'a1' }])).expect(503);
      expect(res.body.error).toContain('retry in a few seconds');
      await request(app).get('/v1/retraining/some-job').set('authorization', auth).expect(503);
    } finally {
      redis.disconnect();
      await queue.close().catch(() => {});
    }
  });
});
