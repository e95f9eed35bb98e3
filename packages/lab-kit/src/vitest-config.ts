// defineLabConfig: the vitest config of every lab; `@lab/*` points at src/, starter/ or the reference.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { readLab, type Lab } from './lab-metadata';
import { setLabContext } from './not-implemented';

/** What `@lab/*` resolves to. */
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

/** The folder `@lab/*` points at for a target. */
export function targetDir(lab: Lab, target: LabTarget): string {
  if (target === 'reference') return lab.referenceDir;
  return join(lab.dir, target === 'starter' ? 'starter' : 'src');
}

/**
 * Copies every lab file missing from `src/` out of `starter/` (the learner's first run).
 * @returns the lab-relative files copied, e.g. `['src/features.ts']`.
 */
export function ensureLearnerFiles(lab: Lab): string[] {
  const copied: string[] = [];
  for (const file of lab.files) {
    const to = join(lab.dir, 'src', file);
    const from = join(lab.dir, 'starter', file);
    if (existsSync(to) || !existsSync(from)) continue;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(`src/${file}`);
  }
  return copied;
}

/**
 * Gets a lab ready to load code from `target` and returns that folder: the learner's missing files are
 * copied from the starter first (with one line saying so), and the lab context is set so that
 * `notImplemented()` can say "open labs/NN-slug/src/x.ts".
 */
export function prepareTarget(lab: Lab, target: LabTarget): string {
  if (target === 'learner') {
    const copied = ensureLearnerFiles(lab);
    if (copied.length > 0) console.log(`lab ${lab.id}: created ${copied.join(', ')} from the starter (your working copy)`);
  }
  setLabContext(lab);
  return targetDir(lab, target);
}

/**
 * The vitest config of a lab: `@lab/<file>` resolves to `src/` (`LAB_TARGET=learner`, the default),
 * `starter/` or the lab's reference folder; tests are `test/**\/*.test.ts`.
 *
 * @example
 * // labs/01-api-foundations/vitest.config.ts
 * export default defineLabConfig(import.meta.dirname);
 */
export function defineLabConfig(labDir: string): ViteUserConfig {
  const lab = readLab(resolve(labDir));
  const target = labTarget();
  const dir = prepareTarget(lab, target);
  return defineConfig({
    root: lab.dir,
    resolve: {
      alias: [{ find: /^@lab\/(.*)$/, replacement: `${dir}/$1` }],
    },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      // Show assertion values whole: a learner needs "input must be named \"features\"", not "input must be named \"…".
      chaiConfig: { truncateThreshold: 0 },
      env: { LAB_TARGET: target, MLOPS_LAB_DIR: lab.relDir, MLOPS_LAB_ID: lab.id },
    },
  });
}
