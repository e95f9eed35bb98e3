// Solution ranges: the lines of a reference file inside `#region solution` markers, what mutation testing mutates.

import { REGION_END, REGION_START } from './starter-generator';

/** One solution region's body: lines `start`..`end` (1-based, inclusive), markers excluded. */
export interface SolutionRange {
  readonly start: number;
  readonly end: number;
  /** The region's description, e.g. `step 2: validate the body`. */
  readonly description: string;
}

/**
 * The body lines of every solution region in `source`; regions without a body line are left out.
 * The starter generator validates the markers; this only reads them.
 */
export function solutionRanges(source: string): SolutionRange[] {
  const ranges: SolutionRange[] = [];
  let open: { line: number; description: string } | undefined;
  source.split(/\r?\n/).forEach((line, index) => {
    const start = REGION_START.exec(line);
    if (start) open = { line: index + 1, description: (start[2] ?? '').trim() };
    else if (REGION_END.test(line) && open) {
      if (index > open.line) ranges.push({ start: open.line + 1, end: index, description: open.description });
      open = undefined;
    }
  });
  return ranges;
}
