// Learner state: hints in order, verify records and status, backups, and solve/reset writing src/.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLab } from '../runtime/lab-metadata';
import { resetLab, solveLab } from './learner-files';
import { labStatus, loadState, markAllHintsShown, recordVerify, stateDir, takeNextHint } from './learner-state';
import { createFakeLabTree, type FakeLabTree } from '../testing/fake-lab-tree';

let tree: FakeLabTree;
beforeEach(() => {
  tree = createFakeLabTree();
});
afterEach(() => tree.remove());

describe('hints', () => {
  it('gives each hint once, in order, then nothing', () => {
    const lab = findLab('01', tree.root);
    expect(takeNextHint(lab)).toEqual({ index: 1, text: 'Multiply.' });
    expect(takeNextHint(lab)).toEqual({ index: 2, text: 'Use x * 2.' });
    expect(takeNextHint(lab)).toBeUndefined();
  });

  it('remembers --all', () => {
    const lab = findLab('02', tree.root);
    markAllHintsShown(lab);
    expect(takeNextHint(lab)).toBeUndefined();
  });
});

describe('status', () => {
  it('goes from not started to in progress to passed', () => {
    const lab = findLab('01', tree.root);
    expect(labStatus(lab, loadState(tree.root))).toBe('not started');
    recordVerify(tree.root, '01', { passed: 1, failed: 1, total: 2 });
    expect(labStatus(lab, loadState(tree.root))).toBe('in progress');
    recordVerify(tree.root, '01', { passed: 2, failed: 0, total: 2 });
    expect(labStatus(lab, loadState(tree.root))).toBe('passed');
    expect(loadState(tree.root).labs['01']?.lastVerify).toMatchObject({ passed: 2, total: 2 });
  });

  it('is never passed while a test was skipped', () => {
    const lab = findLab('01', tree.root);
    recordVerify(tree.root, '01', { passed: 5, failed: 0, skipped: 8, total: 13 });
    expect(labStatus(lab, loadState(tree.root))).toBe('in progress');
    expect(loadState(tree.root).labs['01']?.lastVerify).toMatchObject({ passed: 5, failed: 0, skipped: 8, total: 13 });
  });

  it('starts afresh from a corrupt state file instead of crashing', () => {
    mkdirSync(stateDir(tree.root), { recursive: true });
    writeFileSync(join(stateDir(tree.root), 'state.json'), '{not json');
    expect(loadState(tree.root).labs).toEqual({});
  });
});

describe('solve and reset', () => {
  it('back up the learner file before replacing it', () => {
    const lab = findLab('01', tree.root);
    const src = join(lab.dir, 'src/double.ts');
    expect(solveLab(lab).backup, 'nothing to back up yet').toBeUndefined();
    expect(readFileSync(src, 'utf8')).toContain('return x * 2;');

    writeFileSync(src, '// my own attempt\n');
    const { backup, written } = resetLab(lab);
    expect(written).toEqual(['src/double.ts']);
    expect(backup).toMatch(/\.labs-state\/backups\/01-first\/\d{4}-\d\d-\d\dT/);
    expect(readFileSync(join(backup!, 'double.ts'), 'utf8')).toBe('// my own attempt\n');
    expect(readFileSync(src, 'utf8')).toBe(readFileSync(join(lab.dir, 'starter/double.ts'), 'utf8'));
    expect(existsSync(join(lab.dir, 'src/double.ts'))).toBe(true);
  });
});
