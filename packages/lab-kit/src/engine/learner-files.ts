// Learner files: what solve and reset write into a lab's src/, always after a backup.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Lab } from '../runtime/lab-metadata';
import { generateLabSolution, generateLabStarter } from '../authoring/lab-starter';
import { backupLearnerFiles } from './learner-state';

/** What a solve or reset did. */
export interface ReplaceResult {
  /** Backup folder of the learner's previous files, `undefined` when there were none. */
  readonly backup: string | undefined;
  /** Lab-relative files written, e.g. `['src/features.ts']`. */
  readonly written: readonly string[];
}

/** Backs up `src/`, then writes the reference (as it reads in `src/`) into it. */
export function solveLab(lab: Lab): ReplaceResult {
  return replaceLearnerFiles(lab, generateLabSolution(lab));
}

/** Backs up `src/`, then restores the starter into it. */
export function resetLab(lab: Lab): ReplaceResult {
  return replaceLearnerFiles(lab, generateLabStarter(lab));
}

function replaceLearnerFiles(lab: Lab, files: Map<string, string>): ReplaceResult {
  const backup = backupLearnerFiles(lab);
  const written: string[] = [];
  for (const [file, text] of files) {
    const to = join(lab.dir, 'src', file);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, text);
    written.push(`src/${file}`);
  }
  return { backup, written };
}
