// Reading a lab's vitest JSON report: passed, failed and skipped counts, why tests were skipped, the first failure.

import type { LabTarget } from '../runtime/lab-target';

/** The failure a learner should fix first, with a message they can act on. */
export interface FirstFailure {
  /** Test name, e.g. `step 2: parsePredictionRequest rejects a row with 10 features`, or the test file. */
  readonly test: string;
  /** The message without the stack trace; a NotImplementedError becomes its "step N is not done yet" text. */
  readonly message: string;
  /** True when the failure is a starter TODO still in place. */
  readonly notImplemented: boolean;
  /** The step it belongs to: the step of the NotImplementedError, else the `step N` in the test's name. */
  readonly step?: number;
  /** Repository-relative files to edit for that step, e.g. `['labs/01-api-foundations/src/baseline-model.ts']`. */
  readonly files: readonly string[];
}

/** The counts of one run. `total = passed + failed + skipped`. */
export interface LabTestSummary {
  readonly target: LabTarget;
  readonly passed: number;
  readonly failed: number;
  /** Tests that did not run (skipped, todo, or left out because their file's set-up failed). */
  readonly skipped: number;
  readonly total: number;
  /** Why tests were skipped, when known, e.g. `no Redis at redis://127.0.0.1:6379: start it (...)`. */
  readonly skipReasons: readonly string[];
  readonly firstFailure?: FirstFailure;
}

interface JsonAssertion {
  fullName?: string;
  title?: string;
  status: string;
  failureMessages?: string[] | null;
}

/** The parts of vitest's JSON report that a summary needs. */
export interface JsonReport {
  testResults: { name: string; status: string; message?: string; assertionResults: JsonAssertion[] }[];
}

/**
 * Counts a JSON report. A test file that failed to load (or whose hooks failed while its tests passed)
 * counts as one failed test; tests left out by a failed `beforeAll` count as skipped, with that failure
 * as the reason. `output` is the run's console output: `SKIPPING ...` warnings printed by the tests
 * (the Redis helper prints one) become skip reasons. The first failure is the one with the lowest step
 * number; among equals a failing test before a file's set-up failure, then file order.
 */
export function summarise(report: JsonReport, target: LabTarget, output = ''): LabTestSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures: FirstFailure[] = [];
  const fileFailures = new Set<FirstFailure>(); // a file's set-up or load failure: a test's own failure explains more
  const reasons = skipWarnings(output);
  for (const file of report.testResults) {
    const name = testFileName(file.name);
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const a of file.assertionResults) {
      if (a.status === 'passed') counts.passed += 1;
      else if (a.status === 'failed') {
        counts.failed += 1;
        failures.push(toFailure(a.fullName ?? a.title ?? name, a.failureMessages?.join('\n') ?? ''));
      } else counts.skipped += 1;
    }
    if (file.status === 'failed' && (file.message || file.assertionResults.length === 0)) {
      const failure = toFailure(name, file.message || 'the test file failed to load');
      fileFailures.add(failure);
      failures.push(failure);
      if (counts.failed === 0 && counts.skipped > 0) {
        const why = failure.notImplemented ? failure.message.split(':')[0] : failure.message.split('\n')[0];
        reasons.push(`${name} did not get past its set-up (${why})`);
      } else if (counts.failed === 0) {
        counts.failed += 1; // nothing else in this file says it failed
      }
    }
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  const firstFailure = failures
    .map((f, index) => ({ f, index }))
    .sort(
      (a, b) =>
        (a.f.step ?? Infinity) - (b.f.step ?? Infinity) ||
        Number(fileFailures.has(a.f)) - Number(fileFailures.has(b.f)) ||
        a.index - b.index,
    )[0]?.f;
  return {
    target,
    passed,
    failed,
    skipped,
    total: passed + failed + skipped,
    skipReasons: [...new Set(reasons)],
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** Turns a raw failure (message plus stack) into the first lines a learner needs, with its step and file. */
export function toFailure(test: string, raw: string): FirstFailure {
  const todo = /NotImplementedError: (.+)/.exec(raw)?.[1] ?? /^(step\s+\S+ is not done yet: .+)$/m.exec(raw)?.[1];
  if (todo) {
    const file = /\bopen (\S+?\.[mc]?[jt]sx?)\b/.exec(todo)?.[1];
    return { test, message: todo.trim(), notImplemented: true, ...stepOf(todo, test), files: file ? [file] : [] };
  }
  const lines = raw
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .map((l) => l.trimEnd());
  const message = lines.join('\n').trim().split('\n').slice(0, 8).join('\n');
  return { test, message: message || 'the test failed without a message', notImplemented: false, ...stepOf('', test), files: [] };
}

/** `{ step }` from "step N is not done yet" in a message, else from "step N" / "steps N-M" in a test name. */
function stepOf(message: string, test: string): { step?: number } {
  const found = /\bstep\s+(\d+) is not done yet/i.exec(message)?.[1] ?? /\bsteps?\s+(\d+)\b/i.exec(test)?.[1];
  return found === undefined ? {} : { step: Number(found) };
}

/**
 * The reasons in `SKIPPING ...` lines of a run's output, deduplicated. A Redis one becomes
 * "no Redis at <url>: start it (...)".
 */
export function skipWarnings(output: string): string[] {
  const reasons = [...output.matchAll(/^\s*SKIPPING\b[ \t:.-]*(.*)$/gm)].map((m) => describeSkip(m[1] ?? ''));
  return [...new Set(reasons)];
}

function describeSkip(text: string): string {
  if (/\bredis\b/i.test(text)) {
    const url = /redis(?:s)?:\/\/[^\s,;`'"]+/i.exec(text)?.[0]?.replace(/[.)]+$/, '');
    return `no Redis at ${url ?? 'REDIS_URL'}: start it (docker compose up -d redis, or a native redis-server; see the lab README)`;
  }
  return text.trim() || 'a test printed SKIPPING without a reason';
}

/** `test/x.test.ts` from an absolute test file path (the name alone when it is not under test/). */
function testFileName(path: string): string {
  const normal = path.split('\\').join('/');
  return /(?:^|\/)(test\/.+)$/.exec(normal)?.[1] ?? normal.split('/').pop() ?? normal;
}
