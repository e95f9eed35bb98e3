// Unit tests of the classroom reporter: what a report contains, and that it never slows or fails a verify.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeClassroom, startSilentServer, type FakeClassroom } from '../../test/fake-classroom';
import { membershipFile, readMembership, writeMembership } from './membership';
import { buildReport, cleanMessage, MAX_MESSAGE_LENGTH, reportToClassroom, type ClassroomReport } from './report';

const report: ClassroomReport = { lab: '01', step: 2, passed: 11, failed: 17, skipped: 0, total: 28, message: 'expected 500 to be 400', solved: false };

describe('cleanMessage', () => {
  it('drops terminal colours and this machine\'s folders', () => {
    const root = '/home/ana/work/mlops-labs';
    const text = `\u001b[31mexpected\u001b[39m 1 at ${root}/labs/01-api-foundations/src/create-app.ts:12 (${homedir()}/x)`;
    expect(cleanMessage(text, root)).toBe('expected 1 at labs/01-api-foundations/src/create-app.ts:12 (~/x)');
  });

  it('keeps at most 300 characters, ending with an ellipsis', () => {
    const cleaned = cleanMessage('x'.repeat(1000), '/repo');
    expect(cleaned).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(cleaned.endsWith('…')).toBe(true);
  });

  it('never cuts an emoji in half', () => {
    const cleaned = cleanMessage(`${'x'.repeat(298)}😀😀`, '/repo');
    expect(cleaned.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(cleaned).not.toMatch(/[\ud800-\udbff]…$/);
  });
});

describe('buildReport', () => {
  it('sends the counts, the step and the first failure\'s message, and nothing else', () => {
    const built = buildReport('01', { passed: 1, failed: 2, skipped: 1, total: 4, firstFailure: { message: 'm', step: 3 } }, '/repo');
    expect(built).toEqual({ lab: '01', step: 3, passed: 1, failed: 2, skipped: 1, total: 4, message: 'm', solved: false });
  });

  it('sends no step and no message for a passed lab', () => {
    expect(buildReport('00', { passed: 3, failed: 0, skipped: 0, total: 3 }, '/repo')).toMatchObject({ step: null, message: null });
  });
});

describe('reportToClassroom', () => {
  let root: string;
  let classroom: FakeClassroom;
  let printed: string[];

  beforeAll(async () => {
    classroom = await startFakeClassroom();
  });
  afterAll(() => classroom.close());
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'classroom-report-'));
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    classroom.received.length = 0;
    classroom.reportStatus = 204;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const joinClass = (url: string) =>
    writeMembership(root, { url, code: 'K7PX4Q', name: 'Ana', id: '0123456789abcdef', token: 'learner-secret-token', joinedAt: '2026-01-01T00:00:00Z' });

  it('sends nothing, and touches no network, when the learner has not joined', async () => {
    expect(await reportToClassroom(root, report)).toBe('not joined');
    expect(classroom.received).toHaveLength(0);
  });

  it('posts the report with the learner token and the class code', async () => {
    joinClass(classroom.url);
    expect(await reportToClassroom(root, report)).toBe('sent');
    const [post] = classroom.received;
    expect(post).toMatchObject({ method: 'POST', path: '/api/report', body: report });
    expect(post!.headers.authorization).toBe('Bearer learner-secret-token');
    expect(post!.headers['x-class-code']).toBe('K7PX4Q');
    expect(printed).toEqual([]);
  });

  it('gives up on a classroom that does not answer within 300 ms and says so once, until it answers again', async () => {
    const silent = await startSilentServer();
    try {
      joinClass(silent.url);
      const started = performance.now();
      expect(await reportToClassroom(root, report)).toBe('unreachable');
      const took = performance.now() - started;
      expect(took, 'the post must not hold verify up').toBeLessThan(300 + 250);
      expect(printed.join('\n')).toMatch(/classroom at http:\/\/127\.0\.0\.1:\d+ did not answer .*verify works as usual/);
      expect(await reportToClassroom(root, report)).toBe('unreachable');
      expect(printed, 'said once, not at every verify').toHaveLength(1);
    } finally {
      await silent.close();
    }
    writeMembership(root, { ...readMembership(root)!, url: classroom.url });
    expect(await reportToClassroom(root, report)).toBe('sent');
    expect(printed.at(-1)).toContain('answers again');
    expect(readMembership(root)?.unreachableSince).toBeUndefined();
  });

  it('says once that nothing listens on the port (a classroom that was stopped)', async () => {
    const silent = await startSilentServer();
    const url = silent.url;
    await silent.close();
    joinClass(url);
    expect(await reportToClassroom(root, report)).toBe('unreachable');
    expect(await reportToClassroom(root, report)).toBe('unreachable');
    expect(printed).toHaveLength(1);
  });

  it('stops posting after the classroom refuses the token, and says how to join again', async () => {
    joinClass(classroom.url);
    classroom.reportStatus = 401;
    expect(await reportToClassroom(root, report)).toBe('refused');
    expect(printed.join('\n')).toContain(`npm run lab -- join ${classroom.url} --code <code> --name "Ana"`);
    classroom.reportStatus = 204;
    expect(await reportToClassroom(root, report)).toBe('not joined');
    expect(classroom.received).toHaveLength(1);
  });

  it('drops a rate-limited report silently', async () => {
    joinClass(classroom.url);
    classroom.reportStatus = 429;
    expect(await reportToClassroom(root, report)).toBe('rate-limited');
    expect(printed).toEqual([]);
  });

  it('keeps the token in a file only this user can read', () => {
    joinClass(classroom.url);
    expect(readFileSync(membershipFile(root), 'utf8')).toContain('learner-secret-token');
    if (process.platform !== 'win32') {
      const { mode } = statSync(membershipFile(root));
      expect(mode & 0o077).toBe(0);
    }
  });
});
