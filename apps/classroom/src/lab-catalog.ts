// The room's lab columns: every lab of the repository, with its title and number of steps.

import { labStepFiles } from '@mlops/lab-kit/engine';
import { findLabs } from '@mlops/lab-kit/runtime';
import type { LabInfo } from './room-types';

/**
 * The labs under `<root>/labs`, sorted by id. Steps are counted from the starters' `TODO step N` markers,
 * so the page can say "step 2 of 4".
 */
export function labCatalog(root: string): LabInfo[] {
  return findLabs(root).map((lab) => {
    const steps = [...labStepFiles(lab).keys()];
    return { id: lab.id, title: lab.title, steps: steps.length === 0 ? 0 : Math.max(...steps) };
  });
}
