// runLabTests on a fake lab: real vitest runs of the reference and starter, skipped tests with their reason.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab } from '../runtime/lab-metadata';
import { labStepFiles } from './lab-steps';
import { runLabTests } from './run-lab-tests';
import { createFakeLabTree, type FakeLabTree } from '../testing/fake-lab-tree';

describe('runLabTests on a fake lab', () => {
  let tree: FakeLabTree;
  beforeAll(() => {
    tree = createFakeLabTree();
  });
  afterAll(() => tree.remove());

  it('passes every test of the reference and fails the starter with the step message', async () => {
    const lab = findLab('01', tree.root);
    const [reference, starter] = await Promise.all([runLabTests(lab, 'reference'), runLabTests(lab, 'starter')]);
    expect(reference).toMatchObject({ passed: 2, failed: 0, skipped: 0, total: 2 });
    expect(starter).toMatchObject({ passed: 0, failed: 2, total: 2 });
    expect(starter.firstFailure?.message).toContain('step 1 is not done yet: open labs/01-first/src/double.ts');
    expect(starter.firstFailure).toMatchObject({ notImplemented: true, step: 1, files: ['labs/01-first/src/double.ts'] });
  });

  it('counts a skipped test and reports the SKIPPING warning the test printed', async () => {
    const lab = findLab('02', tree.root);
    writeFileSync(
      join(lab.dir, 'test/redis.test.ts'),
      "import { it } from 'vitest';\n\nconsole.warn('SKIPPING Redis tests. Redis tests need a Redis: REDIS_URL=redis://127.0.0.1:6390 is set but Redis does not answer there.');\nit.skip('step 1: stores the result in Redis', () => {});\n",
    );
    const reference = await runLabTests(lab, 'reference');
    expect(reference).toMatchObject({ passed: 2, failed: 0, skipped: 1, total: 3 });
    expect(reference.skipReasons).toEqual([expect.stringMatching(/^no Redis at redis:\/\/127\.0\.0\.1:6390: start it/)]);
  });

  it('shows long assertion values whole, not truncated at 40 characters', async () => {
    const lab = findLab('01', tree.root);
    const long = 'input must be named "features" and hold 11 numbers per row, got "feature"';
    writeFileSync(
      join(lab.dir, 'test/long.test.ts'),
      `import { expect, it } from 'vitest';\n\nit('step 1: names the input', () => {\n  expect(${JSON.stringify(long)}).toMatch(/unknown input name, expected one of the model inputs/);\n});\n`,
    );
    const reference = await runLabTests(lab, 'reference');
    expect(reference.firstFailure?.message).toContain(long);
    expect(reference.firstFailure?.message).toContain('/unknown input name, expected one of the model inputs/');
  });
});

describe('labStepFiles', () => {
  it('maps each step to the learner files whose starter has its TODO', () => {
    const lab = findLab('01-api-foundations');
    const steps = labStepFiles(lab);
    expect(steps.get(1)).toEqual(['labs/01-api-foundations/src/baseline-model.ts']);
    expect(steps.get(4)).toEqual(['labs/01-api-foundations/src/create-app.ts']);
  });
});
