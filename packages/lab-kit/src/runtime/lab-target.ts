// Lab targets: which copy of a lab's files (the learner's, the starter or the reference) code and tests load.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Lab } from './lab-metadata';
import { setLabContext } from './not-implemented';

/** What `@lab/*` (tests) and `importLabModule` (run.ts) resolve to. */
export type LabTarget = 'learner' | 'starter' | 'reference';

/** The valid `LAB_TARGET` values. */
export const LAB_TARGETS: readonly LabTarget[] = ['learner', 'starter', 'reference'];

/** Reads `LAB_TARGET` (default `learner`). */
export function labTarget(value = process.env.LAB_TARGET): LabTarget {
  const target = value?.trim() || 'learner';
  if (!(LAB_TARGETS as readonly string[]).includes(target)) {
    throw new Error(`LAB_TARGET="${value}" is not valid; use one of ${LAB_TARGETS.join(', ')}`);
  }
  return target as LabTarget;
}

/**
 * The learner's folder: `LAB_SRC_DIR` when set (tests of run.ts use a throwaway copy), else `<lab>/src`.
 */
export function learnerDir(lab: Lab, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.LAB_SRC_DIR?.trim();
  return override ? resolve(override) : join(lab.dir, 'src');
}

/**
 * Absolute path of one lab file's reference: the lab's own `solution/<file>` when it exists (a reference
 * that is not product code, like rustlings' solutions/), else `<lab.json reference>/<file>`.
 *
 * @throws Error when neither exists.
 */
export function referenceFile(lab: Lab, file: string): string {
  const own = join(lab.dir, 'solution', file);
  if (existsSync(own)) return own;
  if (lab.referenceDir !== undefined) return join(lab.referenceDir, file);
  throw new Error(`${lab.relDir}/lab.json lists "${file}", but ${lab.relDir}/solution/${file} does not exist and lab.json has no "reference" folder`);
}

/** Absolute path of `file` in a target: `<learner dir>/<file>`, `starter/<file>` or its reference. */
export function targetFile(lab: Lab, target: LabTarget, file: string): string {
  if (target === 'reference') return referenceFile(lab, file);
  return join(target === 'starter' ? join(lab.dir, 'starter') : learnerDir(lab), file);
}

/**
 * Copies every lab file missing from the learner's folder out of `starter/` (the learner's first run).
 * @returns the lab-relative files copied, e.g. `['src/features.ts']`.
 */
export function ensureLearnerFiles(lab: Lab): string[] {
  const copied: string[] = [];
  const dir = learnerDir(lab);
  for (const file of lab.files) {
    const to = join(dir, file);
    const from = join(lab.dir, 'starter', file);
    if (existsSync(to) || !existsSync(from)) continue;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(`src/${file}`);
  }
  return copied;
}

/**
 * Gets a lab ready to load code from `target`: the learner's missing files are copied from the starter
 * first (with one line saying so), and the lab context is set so that `notImplemented()` can say
 * "open labs/NN-slug/src/x.ts".
 */
export function prepareTarget(lab: Lab, target: LabTarget): void {
  if (target === 'learner') {
    const copied = ensureLearnerFiles(lab);
    if (copied.length > 0) console.log(`lab ${lab.id}: created ${copied.join(', ')} from the starter (your working copy)`);
  }
  setLabContext(lab);
}
