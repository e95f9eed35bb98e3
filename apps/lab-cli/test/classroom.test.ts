// `lab join`, verify's report and `lab leave`, driven as a learner would against a stand-in classroom.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFakeLabTree, type FakeLabTree } from '@mlops/lab-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeClassroom, startSilentServer, type FakeClassroom } from './fake-classroom';

const main = resolve(import.meta.dirname, '../src/main.ts');
let tree: FakeLabTree;
let classroom: FakeClassroom;

/** Runs `lab <args>` in the fake tree without blocking this process (the fake classroom answers meanwhile). */
function lab(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      cwd: tree.root,
      env: { ...process.env, MLOPS_LABS_ROOT: tree.root, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => resolvePromise({ code, out }));
  });
}

const membership = () => join(tree.root, '.labs-state/classroom.json');

beforeAll(async () => {
  tree = createFakeLabTree();
  classroom = await startFakeClassroom();
});
afterAll(async () => {
  tree.remove();
  await classroom.close();
});

describe('a learner in a classroom', () => {
  it('refuses a wrong class code and remembers nothing', async () => {
    const { code, out } = await lab('join', classroom.url, '--code', 'WRONG1', '--name', 'Ana');
    expect(code).toBe(1);
    expect(out).toContain('the classroom did not let you join: wrong class code');
    expect(existsSync(membership())).toBe(false);
  });

  it('joins with the code and a name, and says what will be sent', async () => {
    const { code, out } = await lab('join', classroom.url.replace('http://', ''), '--code', 'K7PX4Q', '--name', 'Ana');
    expect(code, out).toBe(0);
    expect(out).toContain(`joined the class at ${classroom.url} as "Ana"`);
    expect(out).toContain('Never your code');
    expect(JSON.parse(readFileSync(membership(), 'utf8'))).toMatchObject({ url: classroom.url, name: 'Ana', token: 'learner-secret-token' });
  });

  it('reports a verify: lab, step, counts and the first failure, with repository-relative paths only', async () => {
    classroom.received.length = 0;
    const { code, out } = await lab('verify', '01');
    expect(code, 'a failing lab still fails verify').toBe(1);
    expect(out).toContain('lab 01 Fake double: 0/2 tests pass');
    const reports = classroom.received.filter((r) => r.path === '/api/report');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toEqual({
      lab: '01',
      step: 1,
      passed: 0,
      failed: 2,
      skipped: 0,
      total: 2,
      message: expect.stringContaining('step 1 is not done yet: open labs/01-first/src/double.ts'),
      solved: false,
    });
    expect(JSON.stringify(reports[0]!.body)).not.toContain(tree.root);
  });

  it('reports a solved lab as solved', async () => {
    classroom.received.length = 0;
    await lab('solve', '01');
    const reports = classroom.received.filter((r) => r.path === '/api/report');
    expect(reports.map((r) => r.body)).toEqual([expect.objectContaining({ lab: '01', passed: 2, total: 2, solved: true })]);
  });

  it('still verifies when the classroom does not answer, and says so', async () => {
    const silent = await startSilentServer();
    const saved = readFileSync(membership(), 'utf8');
    try {
      writeFileSync(membership(), saved.replace(classroom.url, silent.url));
      const first = await lab('verify', '01');
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain('lab 01 Fake double: all 2 tests pass');
      expect(first.out).toContain('did not answer');
      // Said once per outage, not at every verify: see src/classroom/report.test.ts.
    } finally {
      await silent.close();
      writeFileSync(membership(), saved);
    }
  });

  it('leaves: the classroom is told and the membership file is gone', async () => {
    classroom.received.length = 0;
    const { code, out } = await lab('leave');
    expect(code).toBe(0);
    expect(out).toContain('left the class');
    expect(classroom.received.map((r) => [r.method, r.path])).toEqual([['DELETE', '/api/me']]);
    expect(existsSync(membership()), 'without the membership file, verify sends nothing (see report.test.ts)').toBe(false);
  });
});
