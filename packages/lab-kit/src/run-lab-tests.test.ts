// runLabTests: counting JSON reports and turning failures into a learner's message (units), plus one real run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab } from './lab-metadata';
import { runLabTests, summarise, toFailure } from './run-lab-tests';
import { createFakeLabTree, type FakeLabTree } from './testing/fake-lab-tree';

describe('toFailure', () => {
  it('shows a NotImplementedError as its step message', () => {
    const raw = 'NotImplementedError: step 2 is not done yet: open src/a.ts\n    at formatWine (/x/a.ts:3:9)';
    expect(toFailure('t', raw)).toEqual({ test: 't', message: 'step 2 is not done yet: open src/a.ts', notImplemented: true });
  });

  it('drops stack lines from an assertion failure', () => {
    const raw = "AssertionError: answer 400 when a feature is missing: expected 500 to be 400\n    at /x/test/a.test.ts:10:5\n    at run (node:internal)";
    expect(toFailure('t', raw).message).toBe('AssertionError: answer 400 when a feature is missing: expected 500 to be 400');
  });
});

describe('summarise', () => {
  it('counts a test file that failed to load as one failed test', () => {
    const report = {
      numTotalTests: 2,
      numPassedTests: 2,
      numFailedTests: 0,
      testResults: [
        { name: 'a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
        { name: 'b.test.ts', status: 'failed', message: "Cannot find module '@lab/b'", assertionResults: [] },
      ],
    };
    const result = summarise(report, 'learner');
    expect(result).toMatchObject({ passed: 2, failed: 1, total: 3 });
    expect(result.firstFailure?.message).toContain("Cannot find module '@lab/b'");
  });
});

describe('runLabTests on a fake lab', () => {
  let tree: FakeLabTree;
  beforeAll(() => {
    tree = createFakeLabTree();
  });
  afterAll(() => tree.remove());

  it('passes every test of the reference and fails the starter with the step message', async () => {
    const lab = findLab('01', tree.root);
    const [reference, starter] = await Promise.all([runLabTests(lab, 'reference'), runLabTests(lab, 'starter')]);
    expect(reference).toMatchObject({ passed: 2, failed: 0, total: 2 });
    expect(starter).toMatchObject({ passed: 0, failed: 2, total: 2 });
    expect(starter.firstFailure?.message).toContain('step 1 is not done yet: open labs/01-first/src/double.ts');
    expect(starter.firstFailure?.notImplemented).toBe(true);
  });
});
