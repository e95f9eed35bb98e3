// findLabs / findLab / readLab on a fake repository, and the real labs' lab.json files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLab, findLabs, LabNotFoundError, readLab, repoRoot } from './lab-metadata';
import { createFakeLabTree, type FakeLabTree } from '../testing/fake-lab-tree';

let tree: FakeLabTree;
beforeAll(() => {
  tree = createFakeLabTree();
});
afterAll(() => tree.remove());

describe('findLabs', () => {
  it('lists every lab with a lab.json, sorted by id, with resolved folders', () => {
    const labs = findLabs(tree.root);
    expect(labs.map((l) => l.id)).toEqual(['01', '02']);
    expect(labs[0]).toMatchObject({ relDir: 'labs/01-first', referenceDir: join(tree.root, 'packages/fake/src'), root: tree.root });
  });

  it('finds the real lab 00 from the package location', () => {
    expect(findLab('00', repoRoot()).relDir).toBe('labs/00-setup-check');
  });
});

describe('findLab', () => {
  it('finds a lab by id, short id, slug, folder name and path', () => {
    for (const key of ['02', '2', 'second', '02-second', join(tree.root, 'labs/02-second')]) {
      expect(findLab(key, tree.root).id, key).toBe('02');
    }
  });

  it('lists the valid labs for an unknown id', () => {
    expect(() => findLab('42', tree.root)).toThrow(LabNotFoundError);
    expect(() => findLab('42', tree.root)).toThrow(/no lab "42"; valid labs are:\n {2}01 {2}Fake double\n {2}02 {2}Fake triple/);
  });
});

describe('readLab', () => {
  it('says which field of lab.json is wrong', () => {
    const dir = join(tree.root, 'labs/02-second');
    writeFileSync(join(dir, 'lab.json'), JSON.stringify({ id: '2', slug: 'second', title: 't', minutes: 5, reference: 'x', files: [] }));
    expect(() => readLab(dir, tree.root)).toThrow(/id: id is two digits[\s\S]*files:/);
  });
});
