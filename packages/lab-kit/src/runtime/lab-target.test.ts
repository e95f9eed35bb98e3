import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStarter, createLearnerCopy, generateLabStarter } from '../authoring';
import { runLabTests } from '../engine/run-lab-tests';
import { createFakeLabTree, type FakeLabTree } from '../testing/fake-lab-tree';
import { findLab } from './lab-metadata';
import { learnerDir, referenceFile, targetFile } from './lab-target';

let tree: FakeLabTree;

beforeAll(() => {
  tree = createFakeLabTree();
  // Lab 02 owns its reference: solution/triple.ts in the lab, no lab.json "reference".
  const labDir = join(tree.root, 'labs/02-second');
  mkdirSync(join(labDir, 'solution'));
  renameSync(join(tree.root, 'packages/fake/src/triple.ts'), join(labDir, 'solution/triple.ts'));
  const json = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as Record<string, unknown>;
  delete json.reference;
  writeFileSync(join(labDir, 'lab.json'), JSON.stringify(json));
});
afterAll(() => tree.remove());

describe('lab-owned references (solution/)', () => {
  it('resolves a file to the lab solution/ when lab.json has no reference folder', () => {
    const lab = findLab('02', tree.root);
    expect(lab.referenceDir).toBeUndefined();
    expect(referenceFile(lab, 'triple.ts')).toBe(join(lab.dir, 'solution/triple.ts'));
    expect(referenceFile(findLab('01', tree.root), 'double.ts')).toBe(join(tree.root, 'packages/fake/src/double.ts'));
  });

  it('generates the starter from it and keeps the committed starter in sync', () => {
    const lab = findLab('02', tree.root);
    expect(generateLabStarter(lab).get('triple.ts')).toContain("throw notImplemented('src/triple.ts', 'step 1: return x times 3')");
    expect(compareStarter(lab)).toEqual([]);
  });

  it('runs the lab tests against it with LAB_TARGET=reference', async () => {
    const result = await runLabTests(findLab('02', tree.root), 'reference');
    expect(result).toMatchObject({ passed: 2, failed: 0, skipped: 0 });
  });
});

describe('the learner folder', () => {
  it('is src/ unless LAB_SRC_DIR moves it', () => {
    const lab = findLab('01', tree.root);
    expect(learnerDir(lab, {})).toBe(join(lab.dir, 'src'));
    expect(learnerDir(lab, { LAB_SRC_DIR: '/tmp/copy' })).toBe('/tmp/copy');
    expect(targetFile(lab, 'starter', 'double.ts')).toBe(join(lab.dir, 'starter/double.ts'));
  });

  it('createLearnerCopy writes the solution as a learner has it, edited, and the tests judge that copy', async () => {
    const lab = findLab('01', tree.root);
    const copy = createLearnerCopy(lab.dir, (_file, text) => text.replace('return x * 2;', 'return x * 2 + 1;'));
    try {
      expect(readFileSync(join(copy.dir, 'double.ts'), 'utf8')).toContain('return x * 2 + 1;');
      const result = await runLabTests(lab, 'learner', { env: copy.env });
      expect(result).toMatchObject({ passed: 0, failed: 2 });
    } finally {
      copy.cleanup();
    }
  });
});
