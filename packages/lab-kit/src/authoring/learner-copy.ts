// createLearnerCopy: a throwaway learner folder holding the reference as a learner would have it, for tests of a lab's run.ts.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readLab } from '../runtime/lab-metadata';
import { generateLabSolution } from './lab-starter';

/** A learner copy on disk and the environment that makes a lab's run.ts load it. */
export interface LearnerCopy {
  /** The folder that stands in for the lab's `src/`. */
  readonly dir: string;
  /** `LAB_TARGET=learner` and `LAB_SRC_DIR=<dir>`: pass it to the spawned `run.ts`. */
  readonly env: Readonly<Record<string, string>>;
  /** Deletes the folder. */
  cleanup(): void;
}

/**
 * Writes every lab file, as `npm run lab -- solve` would write it into `src/`, into a fresh folder under the
 * repository's `tmp/learner-copies/` (so package imports resolve), passing
 * each file's text through `edit` first (inject a marker there). A run.ts started with `env` then runs this
 * copy, so a test can prove that what runs is the learner's code: the marker is what answers.
 *
 * @example
 * const copy = createLearnerCopy(labDir, (file, text) => file === 'validate.ts' ? text.replace('must be', 'MARKER must be') : text);
 * spawn('npx', ['tsx', 'run.ts'], { env: { ...process.env, ...copy.env } });
 */
export function createLearnerCopy(labDir: string, edit: (file: string, text: string) => string = (_file, text) => text): LearnerCopy {
  const lab = readLab(resolve(labDir));
  // Inside the repository (tmp/ is gitignored), so the copy's bare imports find node_modules as src/ would.
  const parent = join(lab.root, 'tmp', 'learner-copies');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `lab-${lab.id}-`));
  for (const [file, text] of generateLabSolution(lab)) {
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, edit(file, text));
  }
  return {
    dir,
    env: { LAB_TARGET: 'learner', LAB_SRC_DIR: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
