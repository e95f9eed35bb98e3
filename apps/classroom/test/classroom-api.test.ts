// The classroom over real HTTP with a real Redis: joining, reporting, the instructor's side, limits and security.

import request from 'supertest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/security-headers';
import { joinLearner, learnerEvent, postReport, readRoomStream, type ReportBody } from './support/room-client';
import { startTestClassroom, type TestClassroom } from './support/test-classroom';

const redis = await startTestRedis();
const report: ReportBody = { lab: '01', step: 2, passed: 11, failed: 17, skipped: 0, total: 28, message: 'expected 500 to be 400' };

describe.skipIf(!redis)('the classroom', () => {
  let room: TestClassroom;
  const started: TestClassroom[] = [];
  const start = async (options: Parameters<typeof startTestClassroom>[0] extends infer O ? Partial<O> : never = {}) => {
    const classroom = await startTestClassroom({ redisUrl: redis!.url, ...options });
    started.push(classroom);
    return classroom;
  };

  beforeEach(async () => {
    room = await start();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((c) => c.stop()));
  });

  const join = (name: string) => joinLearner(room.url, room.info.code, name);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('the room page', () => {
    it('is served as files under a Content-Security-Policy without inline script', async () => {
      const page = await request(room.url).get('/').expect(200).expect('content-type', /html/);
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.text).toContain('<script type="module" src="app.js"></script>');
      expect(page.text, 'no inline script in the page').not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      await request(room.url).get('/app.js').expect(200).expect('content-type', /javascript/);
      await request(room.url).get('/room.css').expect(200).expect('content-type', /css/);
    });

    it('holds no learner data: the data comes from the stream, for the instructor only', async () => {
      await join('Ana');
      const page = await request(room.url).get('/');
      expect(page.text).not.toContain('Ana');
    });
  });

  describe('joining', () => {
    it('needs the class code, in any case and with dashes', async () => {
      const wrong = await request(room.url).post('/api/join').send({ code: 'NOPE12', name: 'Ana' }).expect(403);
      expect(wrong.body.error).toMatch(/wrong class code/);
      const typed = `${room.info.code.slice(0, 3).toLowerCase()}-${room.info.code.slice(3)}`;
      const res = await request(room.url).post('/api/join').send({ code: typed, name: 'Ana' }).expect(201);
      expect(res.body).toMatchObject({ name: 'Ana', id: expect.stringMatching(/^[0-9a-f]{16}$/), token: expect.any(String) });
    });

    it('refuses a name taken by another learner, whatever its case', async () => {
      await join('Ana');
      const res = await request(room.url).post('/api/join').send({ code: room.info.code, name: ' ANA ' }).expect(409);
      expect(res.body.error).toMatch(/already taken/);
    });

    it('validates and size-limits the body', async () => {
      await request(room.url).post('/api/join').send({ code: room.info.code, name: 'x'.repeat(41) }).expect(400);
      await request(room.url).post('/api/join').send({ code: room.info.code, name: 'Ana', admin: true }).expect(400);
      await request(room.url).post('/api/join').set('content-type', 'text/plain').send('Ana').expect(400);
      const huge = await request(room.url).post('/api/join').send({ code: room.info.code, name: 'Ana', pad: 'x'.repeat(5000) }).expect(413);
      expect(huge.body.error).toMatch(/larger than the limit/);
    });

    it('stops answering an address that guesses codes', async () => {
      for (let i = 0; i < 10; i += 1) await request(room.url).post('/api/join').send({ code: `GUESS${i}`, name: 'x' }).expect(403);
      await request(room.url).post('/api/join').send({ code: room.info.code, name: 'Ana' }).expect(429);
    });

    it('refuses learners past MAX_LEARNERS', async () => {
      room = await start({ maxLearners: 2 });
      await join('A');
      await join('B');
      const res = await request(room.url).post('/api/join').send({ code: room.info.code, name: 'C' }).expect(409);
      expect(res.body.error).toMatch(/class is full \(2 learners\)/);
    });
  });

  describe('reporting', () => {
    it('records a verify against the learner of the token, and only theirs', async () => {
      const ana = await join('Ana');
      const ben = await join('Ben');
      expect(await postReport(room.url, room.info.code, ana, report)).toBe(204);
      const learners = await room.store.learners();
      expect(learners.find((l) => l.id === ana.id)?.labs['01']).toMatchObject({ passed: 11, step: 2, message: 'expected 500 to be 400' });
      expect(learners.find((l) => l.id === ben.id)?.labs, 'Ben is untouched').toEqual({});
    });

    it('needs a learner token and the class code', async () => {
      const ana = await join('Ana');
      await request(room.url).post('/api/report').set('x-class-code', room.info.code).send(report).expect(401);
      await request(room.url).post('/api/report').set('x-class-code', room.info.code).set(bearer('made-up')).send(report).expect(401);
      await request(room.url).post('/api/report').set(bearer(ana.token)).send(report).expect(403);
      await request(room.url).post('/api/report').set('x-class-code', 'WRONG1').set(bearer(ana.token)).send(report).expect(403);
    });

    it('refuses reports that do not validate, with every problem named', async () => {
      const ana = await join('Ana');
      const res = await request(room.url)
        .post('/api/report')
        .set('x-class-code', room.info.code)
        .set(bearer(ana.token))
        .send({ ...report, total: 3, code: 'export const x = 1' })
        .expect(400);
      expect(res.body.error).toMatch(/invalid report/);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['(body)']));
      await request(room.url).post('/api/report').set('x-class-code', room.info.code).set(bearer(ana.token)).send({ ...report, message: 'm'.repeat(301) }).expect(400);
      const unknown = await request(room.url).post('/api/report').set('x-class-code', room.info.code).set(bearer(ana.token)).send({ ...report, lab: '42' }).expect(400);
      expect(unknown.body.error, 'a learner cannot add columns to the room').toMatch(/no lab 42 \(it has 00, 01, 02, 03, 04\)/);
    });

    it('limits each learner\'s posts, with Retry-After', async () => {
      room = await start({ reportsPerMinute: 6 });
      const ana = await join('Ana');
      const statuses = [];
      for (let i = 0; i < 12; i += 1) statuses.push(await postReport(room.url, room.info.code, ana, report));
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(204));
      expect(statuses.at(-1)).toBe(429);
      const res = await request(room.url).post('/api/report').set('x-class-code', room.info.code).set(bearer(ana.token)).send(report).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const ben = await join('Ben');
      expect(await postReport(room.url, room.info.code, ben, report), 'another learner is not limited by Ana').toBe(204);
    });

    it('keeps the time a learner reached a step while they stay on it, and restarts it on the next step', async () => {
      const ana = await join('Ana');
      await postReport(room.url, room.info.code, ana, report);
      const reached = (await room.store.learners())[0]!.labs['01']!.stepSince;
      room.advanceClock(11 * 60_000);
      await postReport(room.url, room.info.code, ana, { ...report, passed: 12, failed: 16 });
      const same = (await room.store.learners())[0]!.labs['01']!;
      expect(same.stepSince).toBe(reached);
      expect(same.at - same.stepSince).toBeGreaterThanOrEqual(11 * 60_000);
      await postReport(room.url, room.info.code, ana, { ...report, step: 3, passed: 20, failed: 8 });
      expect((await room.store.learners())[0]!.labs['01']!.stepSince).toBeGreaterThan(reached);
    });

    it('loses no update when forty learners post at once, five times each', async () => {
      const learners = await Promise.all(Array.from({ length: 40 }, (_, i) => join(`learner ${i}`)));
      const stream = await readRoomStream(room.url, room.info.instructorToken);
      await stream.waitFor((e) => e.event === 'snapshot');
      await Promise.all(
        learners.flatMap((l, i) =>
          Array.from({ length: 5 }, (_, n) => postReport(room.url, room.info.code, l, { lab: '01', step: 1, passed: n, failed: 28 - n, skipped: 0, total: 28 }).then((s) => {
            expect(s, `learner ${i} post ${n}`).toBe(204);
          })),
        ),
      );
      await stream.waitFor(() => stream.events.filter((e) => e.event === 'learner').length === 200);
      stream.close();
      const rows = await room.store.learners();
      expect(rows.map((r) => r.version), 'every post counted once: 1 (join) + 5').toEqual(Array(40).fill(6));
    });
  });

  describe('the instructor', () => {
    it('alone reads the room: not anonymous callers, not learners', async () => {
      const ana = await join('Ana');
      await request(room.url).get('/api/room').expect(401);
      await request(room.url).get('/api/room').set(bearer(ana.token)).expect(401);
      await request(room.url).get('/api/events').set(bearer(ana.token)).expect(401);
      const res = await request(room.url).get('/api/room').set(bearer(room.info.instructorToken)).expect(200);
      expect(res.body.learners.map((l: { name: string }) => l.name)).toEqual(['Ana']);
      expect(JSON.stringify(res.body), 'no learner token in the room data').not.toContain(ana.token);
    });

    it('signs the page in with the token and an HttpOnly cookie, and out again', async () => {
      await request(room.url).post('/api/session').send({ token: 'wrong' }).expect(401);
      const res = await request(room.url).post('/api/session').send({ token: room.info.instructorToken }).expect(204);
      const cookie = res.headers['set-cookie']![0]!;
      expect(cookie).toMatch(/^classroom_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
      expect(cookie, 'the token itself is not the cookie').not.toContain(room.info.instructorToken);
      const session = cookie.split(';')[0]!;
      await request(room.url).get('/api/session').set('cookie', session).expect(204);
      await request(room.url).get('/api/room').set('cookie', session).expect(200);
      const out = await request(room.url).delete('/api/session').set('cookie', session).expect(204);
      expect(out.headers['set-cookie']![0]).toMatch(/Max-Age=0/);
    });

    it('streams the room: a snapshot, then a learner\'s verify as it happens', async () => {
      const ana = await join('Ana');
      const stream = await readRoomStream(room.url, room.info.instructorToken);
      const snapshot = await stream.waitFor((e) => e.event === 'snapshot');
      expect(snapshot.data).toMatchObject({ stuckMinutes: 10, join: { code: room.info.code, urls: [room.url] } });
      const sent = performance.now();
      await postReport(room.url, room.info.code, ana, report);
      const event = await stream.waitFor(learnerEvent(ana.id, (l) => l.labs['01']?.passed === 11), 1000);
      expect(performance.now() - sent).toBeLessThan(1000);
      expect(event.data.learner).toMatchObject({ name: 'Ana', currentLab: '01' });
      stream.close();
    });

    it('removes a learner: the row goes, and their token stops working', async () => {
      const ana = await join('Ana');
      const stream = await readRoomStream(room.url, room.info.instructorToken);
      await request(room.url).delete(`/api/learners/${ana.id}`).set(bearer(room.info.instructorToken)).set('sec-fetch-site', 'cross-site').expect(403);
      await request(room.url).delete(`/api/learners/${ana.id}`).set(bearer(room.info.instructorToken)).expect(204);
      await stream.waitFor((e) => e.event === 'left' && e.data.id === ana.id);
      expect(await postReport(room.url, room.info.code, ana, report)).toBe(401);
      await request(room.url).delete(`/api/learners/${ana.id}`).set(bearer(room.info.instructorToken)).expect(404);
      stream.close();
    });
  });

  it('lets a learner leave: their row goes and the name is free again', async () => {
    const ana = await join('Ana');
    await request(room.url).delete('/api/me').set(bearer(ana.token)).expect(204);
    expect(await room.store.learners()).toEqual([]);
    expect(await postReport(room.url, room.info.code, ana, report)).toBe(401);
    await join('Ana');
  });

  it('keeps the class across a restart: same code, same room link, same learners', async () => {
    const first = await start({ keepKeys: true });
    const ana = await joinLearner(first.url, first.info.code, 'Ana');
    await postReport(first.url, first.info.code, ana, report);
    await first.stop();
    started.splice(started.indexOf(first), 1);
    const again = await start({ prefix: first.prefix });
    expect(again.info).toMatchObject({ code: first.info.code, instructorToken: first.info.instructorToken, resumed: true });
    const res = await request(again.url).get('/api/room').set(bearer(again.info.instructorToken)).expect(200);
    expect(res.body.learners[0]).toMatchObject({ name: 'Ana', labs: { '01': { passed: 11 } } });
    expect(await postReport(again.url, again.info.code, ana, { ...report, passed: 12, failed: 16 }), 'the learner keeps posting').toBe(204);
  });
});
