// Starters on disk: in sync after writeStarter, and compareStarter names what drifted.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab } from '../runtime/lab-metadata';
import { compareStarter, writeStarter } from './lab-starter';
import { createFakeLabTree, type FakeLabTree } from '../testing/fake-lab-tree';

let tree: FakeLabTree;
beforeAll(() => {
  tree = createFakeLabTree();
});
afterAll(() => tree.remove());

describe('compareStarter', () => {
  it('reports a hand-edited, a missing and an extra starter file, and writeStarter fixes them', () => {
    const lab = findLab('01', tree.root);
    expect(compareStarter(lab)).toEqual([]);
    writeFileSync(join(lab.dir, 'starter/double.ts'), '// edited\n');
    writeFileSync(join(lab.dir, 'starter/extra.ts'), '');
    expect(compareStarter(lab)).toEqual(['starter/double.ts differs from the reference', 'starter/extra.ts is not a lab file']);
    rmSync(join(lab.dir, 'starter/double.ts'));
    expect(compareStarter(lab)[0]).toBe('starter/double.ts is missing');
    expect(writeStarter(lab).sort()).toEqual(['double.ts', 'extra.ts']);
    expect(compareStarter(lab)).toEqual([]);
  });
});
