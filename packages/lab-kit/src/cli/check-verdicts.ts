// The verdicts of check-lab on a lab's reference and starter runs, as data so they can be unit-tested.

import type { LabTestSummary } from '../engine/lab-test-report';

/** One line of the check: good or bad, and what it says. */
export interface Verdict {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * The reference must run and pass every test. A skipped test is a failure of the check: a reference
 * that skips proves nothing (CI provides Redis, so nothing needs to skip there).
 */
export function referenceVerdict(result: LabTestSummary, seconds: string): Verdict {
  if (result.total > 0 && result.failed === 0 && result.skipped === 0) {
    return { ok: true, text: `reference passes ${result.passed}/${result.total} tests (${seconds})` };
  }
  const parts: string[] = [];
  if (result.total === 0) parts.push('the lab has no tests');
  if (result.failed > 0) parts.push(`${result.failed} of ${result.total} failed`);
  if (result.skipped > 0) {
    const why = result.skipReasons.length ? `: ${result.skipReasons.join('; ')}` : '';
    parts.push(`${result.skipped} of ${result.total} skipped (a reference that skips proves nothing)${why}`);
  }
  const first = result.failed > 0 ? result.firstFailure : undefined;
  const detail = first ? `\n    first failure: ${first.test}\n    ${first.message.split('\n').join('\n    ')}` : '';
  return { ok: false, text: `reference must run and pass every test: ${parts.join(', ')}${detail}` };
}

/** The untouched starter must fail at least one test (else the lab has nothing to do). */
export function starterVerdict(result: LabTestSummary, seconds: string): Verdict {
  if (result.failed > 0) {
    return { ok: true, text: `starter fails ${result.failed} of ${result.total} tests, as it should (${seconds})` };
  }
  return {
    ok: false,
    text: `the untouched starter fails none of its ${result.total} tests: mark the learner's work with "// #region solution step N: ..."`,
  };
}

/**
 * A lab with a `run` command must prove that what runs is the learner's code: its `run-check/` tests
 * (a learner copy with a marker, started through run.ts) must all run and pass.
 */
export function runCheckVerdict(result: LabTestSummary | undefined, seconds: string): Verdict {
  if (result === undefined) {
    return { ok: false, text: 'the lab has a run command but no run-check/ tests proving that run.ts runs the learner\'s code' };
  }
  if (result.total > 0 && result.failed === 0 && result.skipped === 0) {
    return { ok: true, text: `run.ts runs the learner's code: ${result.passed}/${result.total} run checks pass (${seconds})` };
  }
  const first = result.firstFailure;
  const detail = first ? `\n    first failure: ${first.test}\n    ${first.message.split('\n').join('\n    ')}` : '';
  return {
    ok: false,
    text: `run checks must run and pass: ${result.failed} failed, ${result.skipped} skipped of ${result.total}${detail}`,
  };
}
