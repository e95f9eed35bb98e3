// Which learner file holds which step: read from the `TODO step N` markers of a lab's starter.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../runtime/lab-metadata';

/**
 * Step number → the repository-relative learner files whose starter has a `TODO step N` for it, in
 * lab.json order, e.g. `1 → ['labs/01-api-foundations/src/baseline-model.ts']`.
 */
export function labStepFiles(lab: Lab): Map<number, string[]> {
  const steps = new Map<number, string[]>();
  for (const file of lab.files) {
    const path = join(lab.dir, 'starter', file);
    if (!existsSync(path)) continue;
    for (const match of readFileSync(path, 'utf8').matchAll(/\/\/\s*TODO steps?\s+(\d+)\b/g)) {
      const step = Number(match[1]);
      const files = steps.get(step) ?? [];
      const learnerFile = `${lab.relDir}/src/${file}`;
      if (!files.includes(learnerFile)) files.push(learnerFile);
      steps.set(step, files);
    }
  }
  return steps;
}
