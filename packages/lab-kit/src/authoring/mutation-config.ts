// The Stryker configuration of one lab: mutate only the solution regions of its references, run only its own tests.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Lab } from '../runtime/lab-metadata';
import { referenceFile } from '../runtime/lab-target';
import { solutionRanges } from './solution-ranges';

/** Where a lab's mutation run writes its reports: `reports/mutation/NN/` under the repository root. */
export function mutationReportDir(lab: Lab): string {
  return join(lab.root, 'reports', 'mutation', lab.id);
}

/** Stryker `mutate` entries for a lab: `path:start-end` per solution region, paths relative to the repository root. */
export function mutateRanges(lab: Lab): string[] {
  return lab.files.flatMap((file) => {
    const path = referenceFile(lab, file);
    const rel = relative(lab.root, path).split('\\').join('/');
    return solutionRanges(readFileSync(path, 'utf8')).map((r) => `${rel}:${r.start}-${r.end}`);
  });
}

/** Options of {@link strykerConfig}. */
export interface MutationOptions {
  /** Test runner processes in parallel. @defaultValue 2 */
  readonly concurrency?: number;
}

/**
 * The Stryker config (run from the repository root) for one lab. Mutants are written into the reference
 * files in place (Stryker restores them afterwards), so the lab's `@lab/*` aliases, package imports and
 * `instanceof` checks see one copy of each module, as in `LAB_TARGET=reference` test runs.
 */
export function strykerConfig(lab: Lab, options: MutationOptions = {}): Record<string, unknown> {
  const reports = relative(lab.root, mutationReportDir(lab)).split('\\').join('/');
  return {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: `${lab.relDir}/vitest.config.ts`, dir: lab.relDir, related: false },
    mutate: mutateRanges(lab),
    inPlace: true,
    ignorePatterns: ['/reports', '/models', '/tmp', '/.labs-state', '**/.turbo', '**/data/*.csv'],
    reporters: ['json', 'progress'],
    jsonReporter: { fileName: `${reports}/mutation.json` },
    tempDirName: `${reports}/.stryker-tmp`,
    cleanTempDir: true,
    coverageAnalysis: 'perTest',
    concurrency: options.concurrency ?? 2,
    timeoutMS: 10_000,
    // Stryker's default adds `// @ts-nocheck` to every .ts file it matches, in place: the whole repository.
    // Vitest does not type-check, so nothing needs it; only the mutated reference files are touched.
    disableTypeChecks: false,
    thresholds: { high: 95, low: 90, break: null },
    allowEmpty: false,
  };
}
