// defineLabConfig: the vitest config of every lab; `@lab/<file>` points at the learner's copy, the starter or the reference.

import { join, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { readLab, type Lab } from '../runtime/lab-metadata';
import { labTarget, learnerDir, prepareTarget, targetFile, type LabTarget } from '../runtime/lab-target';

/** One `resolve.alias` entry: `find` → `replacement`. */
export interface LabAlias {
  readonly find: RegExp;
  readonly replacement: string;
}

/** Which of a lab's suites a vitest run collects: `LAB_SUITE=run-check` selects the run.ts checks. */
export type LabSuite = 'lab' | 'run-check';

/** Reads `LAB_SUITE` (default `lab`: the learner's tests in `test/`). */
export function labSuite(value = process.env.LAB_SUITE): LabSuite {
  return value?.trim() === 'run-check' ? 'run-check' : 'lab';
}

/**
 * The aliases of `@lab/<file>`: one folder for the learner and starter targets; one entry per file for the
 * reference, since a lab's references may sit in product code or in the lab's own `solution/`.
 */
export function labAliases(lab: Lab, target: LabTarget): LabAlias[] {
  if (target !== 'reference') {
    const dir = target === 'starter' ? join(lab.dir, 'starter') : learnerDir(lab);
    return [{ find: /^@lab\/(.*)$/, replacement: `${dir}/$1` }];
  }
  return lab.files.map((file) => {
    const bare = file.replace(/\.ts$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { find: new RegExp(`^@lab/${bare}(?:\\.ts)?$`), replacement: targetFile(lab, target, file) };
  });
}

/**
 * The vitest config of a lab: `@lab/<file>` resolves to `src/` (`LAB_TARGET=learner`, the default;
 * `LAB_SRC_DIR` moves it), `starter/` or each file's reference; tests are `test/**\/*.test.ts`
 * (`LAB_SUITE=run-check`: `run-check/**\/*.test.ts`, the checks that run.ts runs the learner's code).
 *
 * @example
 * // labs/01-api-foundations/vitest.config.ts
 * export default defineLabConfig(import.meta.dirname);
 */
export function defineLabConfig(labDir: string): ViteUserConfig {
  const lab = readLab(resolve(labDir));
  const target = labTarget();
  prepareTarget(lab, target);
  const suite = labSuite();
  return defineConfig({
    root: lab.dir,
    resolve: { alias: labAliases(lab, target).map((a) => ({ ...a })) },
    test: {
      include: [suite === 'run-check' ? 'run-check/**/*.test.ts' : 'test/**/*.test.ts'],
      // One module graph per worker: the test files share onnxruntime, BullMQ and the learner's modules.
      isolate: false,
      testTimeout: suite === 'run-check' ? 120_000 : 20_000,
      hookTimeout: suite === 'run-check' ? 120_000 : 30_000,
      // Show assertion values whole: a learner needs "input must be named \"features\"", not "input must be named \"…".
      chaiConfig: { truncateThreshold: 0 },
      env: { LAB_TARGET: target, MLOPS_LAB_DIR: lab.relDir, MLOPS_LAB_ID: lab.id },
    },
  });
}
