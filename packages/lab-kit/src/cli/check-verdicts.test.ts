// check-lab verdicts: a reference that skips tests fails the check; a starter must fail at least one test.
import { describe, expect, it } from 'vitest';
import type { LabTestSummary } from '../engine/lab-test-report';
import { referenceVerdict, runCheckVerdict, starterVerdict } from './check-verdicts';

const run = (counts: Partial<LabTestSummary>): LabTestSummary => ({
  target: 'reference',
  passed: 0,
  failed: 0,
  skipped: 0,
  total: 0,
  skipReasons: [],
  ...counts,
});

describe('referenceVerdict', () => {
  it('accepts a reference that runs and passes every test', () => {
    expect(referenceVerdict(run({ passed: 13, total: 13 }), '2.0 s')).toEqual({ ok: true, text: 'reference passes 13/13 tests (2.0 s)' });
  });

  it('fails the check when the reference skipped tests, even with no failure, and says why they skipped', () => {
    const verdict = referenceVerdict(run({ passed: 5, skipped: 8, total: 13, skipReasons: ['no Redis at redis://127.0.0.1:6390: start it'] }), '2.0 s');
    expect(verdict.ok).toBe(false);
    expect(verdict.text).toContain('8 of 13 skipped (a reference that skips proves nothing): no Redis at redis://127.0.0.1:6390');
  });

  it('fails the check on a failing test and shows the first failure', () => {
    const firstFailure = { test: 'step 2: x', message: 'expected 1 to be 2', notImplemented: false, step: 2, files: [] };
    const verdict = referenceVerdict(run({ passed: 1, failed: 1, total: 2, firstFailure }), '1.0 s');
    expect(verdict).toMatchObject({ ok: false, text: expect.stringContaining('1 of 2 failed\n    first failure: step 2: x\n    expected 1 to be 2') });
  });
});

describe('starterVerdict', () => {
  it('wants the untouched starter to fail a test; skipping is not failing', () => {
    expect(starterVerdict(run({ failed: 2, total: 2 }), '1.0 s').ok).toBe(true);
    expect(starterVerdict(run({ passed: 1, skipped: 1, total: 2 }), '1.0 s')).toMatchObject({ ok: false, text: expect.stringContaining('fails none of its 2 tests') });
  });
});

describe('runCheckVerdict', () => {
  it('requires run checks for a lab with a run command, all run and passed', () => {
    expect(runCheckVerdict(undefined, '0 s').ok).toBe(false);
    expect(runCheckVerdict(run({ passed: 2, total: 2 }), '3.0 s')).toEqual({ ok: true, text: "run.ts runs the learner's code: 2/2 run checks pass (3.0 s)" });
    expect(runCheckVerdict(run({ passed: 1, skipped: 1, total: 2 }), '3.0 s').ok).toBe(false);
    expect(runCheckVerdict(run({ passed: 1, failed: 1, total: 2 }), '3.0 s').ok).toBe(false);
  });
});
