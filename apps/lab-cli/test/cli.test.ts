// The learner CLI driven as a child process against a throwaway fake lab tree (the real labs/ are never touched).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFakeLabTree, type FakeLabTree } from '@mlops/lab-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = resolve(import.meta.dirname, '../src/main.ts');
let tree: FakeLabTree;

/** Runs `lab <args>` in the fake tree; returns exit code and plain output. */
function lab(...args: string[]): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: tree.root,
    env: { ...process.env, MLOPS_LABS_ROOT: tree.root, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

const json = () => JSON.parse(lab('list', '--json').out) as { id: string; status: string; passed: number | null; total: number | null }[];

beforeAll(() => {
  tree = createFakeLabTree();
});
afterAll(() => tree.remove());

// One sequence: each step depends on the state the previous one left, as for a real learner.
describe('a learner working through the fake labs', () => {
  it('lists both labs as not started', () => {
    const { code, out } = lab('list');
    expect(code).toBe(0);
    expect(out).toMatch(/01 {2}Fake double +5 {2}not started/);
    expect(json().map((r) => [r.id, r.status])).toEqual([['01', 'not started'], ['02', 'not started']]);
  });

  it('fails verify on the untouched starter with the step to do, and records it', () => {
    const { code, out } = lab('verify');
    expect(code).toBe(1);
    expect(out).toContain('created labs/01-first/src/double.ts from the starter');
    expect(out).toContain('lab 01 Fake double: 0/2 tests pass');
    expect(out).toContain('step 1 is not done yet: open labs/01-first/src/double.ts and replace the TODO (return x times 2)');
    expect(out).toContain('file to edit (step 1): labs/01-first/src/double.ts');
    expect(json()[0]).toMatchObject({ status: 'in progress', passed: 0, total: 2 });
  });

  it('shows hints one at a time, then says they are all shown', () => {
    expect(lab('hint').out).toContain('hint 1/2 (lab 01) Multiply.');
    expect(lab('hint', '01').out).toContain('hint 2/2 (lab 01) Use x * 2.');
    expect(lab('hint', '01').out).toContain('all 2 hints of lab 01 were shown');
    expect(lab('hint', '01', '--all').out).toContain('hint 1/2 Multiply.');
  });

  it('diffs the learner file against the reference', () => {
    const { out } = lab('diff', '01');
    expect(out).toContain('--- a/src/double.ts');
    expect(out).toContain('+  return x * 2;');
    expect(out).toContain('lab 01: 1 file(s) differ from the reference');
  });

  it('records a solved lab as passed right away, and moves the default lab on', () => {
    const src = join(tree.root, 'labs/01-first/src/double.ts');
    writeFileSync(src, `${readFileSync(src, 'utf8')}// my attempt\n`);
    const solved = lab('solve', '01');
    expect(solved.out).toMatch(/backup of your files: .*\.labs-state\/backups\/01-first\//);
    expect(solved.out).toContain('all 2 tests pass: lab 01 is passed');
    expect(json()[0], 'solve alone marks the lab passed').toMatchObject({ status: 'passed', passed: 2, total: 2 });
    expect(lab('hint').out, 'the default lab is now 02').toContain('(lab 02) Use x * 3.');
    const verified = lab('verify', '01');
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain('lab 01 Fake double: all 2 tests pass');
    expect(verified.out).toContain('next: lab 02 Fake triple');
    expect(json()[0]).toMatchObject({ status: 'passed', passed: 2, total: 2 });
  });

  it('resets to the starter and keeps the learner work in the backup', () => {
    const src = join(tree.root, 'labs/01-first/src/double.ts');
    writeFileSync(src, '// work worth keeping\n');
    const { code, out } = lab('reset', '01');
    expect(code).toBe(0);
    const backup = /backup of your files: (.+)/.exec(out)?.[1]?.trim();
    expect(backup, out).toBeDefined();
    expect(readFileSync(join(tree.root, backup!, 'double.ts'), 'utf8')).toBe('// work worth keeping\n');
    expect(readFileSync(src, 'utf8')).toBe(readFileSync(join(tree.root, 'labs/01-first/starter/double.ts'), 'utf8'));
    expect(readdirSync(join(tree.root, '.labs-state/backups/01-first')).length).toBe(2);
    expect(json()[0]?.status).toBe('in progress');
  });

  it('solves every earlier lab not passed with solve --up-to, and lists them as passed', () => {
    expect(json()[0]?.status, 'reset left lab 01 in progress').toBe('in progress');
    const { out } = lab('solve', '--up-to', '02');
    expect(out).toContain('lab 01: copied the reference');
    expect(out).not.toContain('lab 02:');
    expect(json().map((r) => [r.id, r.status])).toEqual([['01', 'passed'], ['02', 'not started']]);
    expect(lab('hint').out, 'commands without a lab id go on with lab 02, not back to 01').toContain('lab 02');
    expect(lab('solve', '--up-to', '01').out, 'the first lab has nothing to catch up').toContain('no lab comes before 01: nothing to catch up');
  });

  it('watch verifies at start and again after a save', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'watch', '02'], {
      cwd: tree.root,
      env: { ...process.env, MLOPS_LABS_ROOT: tree.root, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const waitFor = async (count: number) => {
      for (let i = 0; i < 300 && (out.match(/watching labs\/02-second\/src/g) ?? []).length < count; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor(1);
      expect(out).toContain('lab 02 Fake triple: 0/2 tests pass');
      writeFileSync(join(tree.root, 'labs/02-second/src/triple.ts'), 'export const triple = (x: number): number => x * 3;\n');
      await waitFor(2);
      expect(out, out).toContain('lab 02 Fake triple: all 2 tests pass');
    } finally {
      child.kill('SIGINT');
    }
  });

  it('never passes a lab while a test was skipped, and says why it skipped', () => {
    const skipping = join(tree.root, 'labs/02-second/test/redis.test.ts');
    writeFileSync(
      skipping,
      "import { it } from 'vitest';\n\nconsole.warn('SKIPPING Redis tests. Redis tests need a Redis: REDIS_URL=redis://127.0.0.1:6390 is set but Redis does not answer there.');\nit.skip('stores results in Redis', () => {});\n",
    );
    try {
      const { code, out } = lab('verify', '02');
      expect(code, out).toBe(1);
      expect(out).toContain('lab 02 Fake triple: 2/3 tests pass, 1 to go');
      expect(out).toContain('1 skipped: no Redis at redis://127.0.0.1:6390: start it');
      expect(out).not.toContain('all 3 tests pass');
      expect(json()[1]).toMatchObject({ status: 'in progress', passed: 2, total: 3 });
    } finally {
      rmSync(skipping);
    }
  });

  it('answers an unknown lab with the list of valid ones', () => {
    const { code, out } = lab('verify', '42');
    expect(code).toBe(2);
    expect(out).toContain('no lab "42"; valid labs are:');
    expect(out).toContain('02  Fake triple');
  });
});
