// Reading vitest JSON reports: skipped tests and their reasons, the first failure by step, messages a learner can act on.
import { describe, expect, it } from 'vitest';
import { skipWarnings, summarise, toFailure, type JsonReport } from './lab-test-report';

const notDone = (step: number, file: string) =>
  `NotImplementedError: step ${step} is not done yet: open labs/01-x/src/${file} and replace the TODO (do it); hint: npm run lab -- hint 01\n    at f (/x/${file}:3:9)`;

describe('toFailure', () => {
  it('shows a NotImplementedError as its step message, with its step and file', () => {
    expect(toFailure('t', notDone(2, 'a.ts'))).toEqual({
      test: 't',
      message: 'step 2 is not done yet: open labs/01-x/src/a.ts and replace the TODO (do it); hint: npm run lab -- hint 01',
      notImplemented: true,
      step: 2,
      files: ['labs/01-x/src/a.ts'],
    });
  });

  it('drops stack lines from an assertion failure and takes the step from the test name', () => {
    const raw = 'AssertionError: answer 400 when a feature is missing: expected 500 to be 400\n    at /x/test/a.test.ts:10:5\n    at run (node:internal)';
    expect(toFailure('step 3: the error handler answers 400', raw)).toMatchObject({
      message: 'AssertionError: answer 400 when a feature is missing: expected 500 to be 400',
      notImplemented: false,
      step: 3,
    });
  });
});

describe('summarise', () => {
  it('counts a test file that failed to load as one failed test', () => {
    const report: JsonReport = {
      testResults: [
        { name: '/lab/test/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
        { name: '/lab/test/b.test.ts', status: 'failed', message: "Cannot find module '@lab/b'", assertionResults: [] },
      ],
    };
    const result = summarise(report, 'learner');
    expect(result).toMatchObject({ passed: 2, failed: 1, skipped: 0, total: 3 });
    expect(result.firstFailure).toMatchObject({ test: 'test/b.test.ts', message: "Cannot find module '@lab/b'" });
  });

  it('counts skipped tests, so passed + failed + skipped adds up to the total', () => {
    // Lab 04 without Redis: the Redis suites are skipped and the rest passes; that is not a pass.
    const report: JsonReport = {
      testResults: [
        { name: '/lab/test/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'skipped' }, { status: 'pending' }] },
        { name: '/lab/test/b.test.ts', status: 'passed', assertionResults: [{ status: 'skipped' }, { status: 'todo' }] },
      ],
    };
    expect(summarise(report, 'learner')).toMatchObject({ passed: 1, failed: 0, skipped: 4, total: 5 });
  });

  it('turns the Redis SKIPPING warning into a reason that says what to start', () => {
    const output =
      'SKIPPING Redis tests. Redis tests need a Redis: REDIS_URL=redis://127.0.0.1:6390 is set but Redis does not answer there. Start one.\n'.repeat(3);
    const report: JsonReport = { testResults: [{ name: '/lab/test/a.test.ts', status: 'passed', assertionResults: [{ status: 'skipped' }] }] };
    expect(summarise(report, 'learner', output).skipReasons).toEqual([
      'no Redis at redis://127.0.0.1:6390: start it (docker compose up -d redis, or a native redis-server; see the lab README)',
    ]);
    expect(skipWarnings('SKIPPING slow tests: set SLOW=1\n')).toEqual(['slow tests: set SLOW=1']);
  });

  it('counts the tests a failed beforeAll left out as skipped, with the set-up failure as the reason', () => {
    // Lab 02's parity test trains in beforeAll: an unfinished step 1 fails the hook, and vitest skips its tests.
    const report: JsonReport = {
      testResults: [
        { name: '/lab/test/onnx.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'passed' }, { fullName: 'step 3: x', status: 'failed', failureMessages: [notDone(3, 'b.ts')] }] },
        {
          name: '/lab/test/parity.test.ts',
          status: 'failed',
          message: 'step 1 is not done yet: open labs/01-x/src/a.ts and replace the TODO (mean)',
          assertionResults: [{ status: 'skipped' }, { status: 'skipped' }, { status: 'skipped' }],
        },
        { name: '/lab/test/standardizer.test.ts', status: 'failed', assertionResults: [{ fullName: 'step 1: mean', status: 'failed', failureMessages: [notDone(1, 'a.ts')] }] },
      ],
    };
    const result = summarise(report, 'learner');
    expect(result).toMatchObject({ passed: 1, failed: 2, skipped: 3, total: 6 });
    expect(result.skipReasons).toEqual(['test/parity.test.ts did not get past its set-up (step 1 is not done yet)']);
    expect(result.firstFailure, 'step 1 comes before step 3, a failing test before a set-up failure').toMatchObject({
      test: 'step 1: mean',
      step: 1,
      notImplemented: true,
      files: ['labs/01-x/src/a.ts'],
    });
  });

  it('picks the failing test with the lowest step as the first failure, whatever the file order', () => {
    // Lab 01: app.test.ts (steps 4 and 3) sorts before baseline-model.test.ts (step 1).
    const failed = (fullName: string, message: string) => ({ fullName, status: 'failed', failureMessages: [message] });
    const report: JsonReport = {
      testResults: [
        { name: '/lab/test/app.test.ts', status: 'failed', assertionResults: [failed('step 4: createApp serves', notDone(4, 'create-app.ts')), failed('step 3: errors', 'AssertionError: x')] },
        { name: '/lab/test/no-step.test.ts', status: 'failed', assertionResults: [failed('works end to end', 'AssertionError: y')] },
        { name: '/lab/test/baseline.test.ts', status: 'failed', assertionResults: [failed('step 1: predictBand a', notDone(1, 'baseline-model.ts')), failed('step 1: predictBand b', notDone(1, 'baseline-model.ts'))] },
      ],
    };
    expect(summarise(report, 'learner').firstFailure).toMatchObject({ test: 'step 1: predictBand a', step: 1 });
    const noSteps: JsonReport = { testResults: [report.testResults[1]!, { ...report.testResults[1]!, name: '/lab/test/z.test.ts' }] };
    expect(summarise(noSteps, 'learner').firstFailure?.test, 'without steps, file order decides').toBe('works end to end');
  });
});
