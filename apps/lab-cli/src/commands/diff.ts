// `lab diff`: unified diff of the learner's files against the reference (as it would read in src/).

import { generateLabSolution } from '@mlops/lab-kit/authoring';
import { ensureLearnerFiles, type Lab } from '@mlops/lab-kit/runtime';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Prints `git diff --no-index` of `src/<file>` (yours, `a/`) against the reference (`b/`): lines with `+`
 * are what the reference has. Returns the number of files that differ.
 */
export function diffLab(lab: Lab, options: { color?: boolean } = {}): number {
  ensureLearnerFiles(lab);
  const work = mkdtempSync(join(tmpdir(), 'lab-diff-'));
  let differing = 0;
  try {
    for (const [file, text] of generateLabSolution(lab)) {
      const reference = join(work, 'reference', file);
      mkdirSync(dirname(reference), { recursive: true });
      writeFileSync(reference, text);
      const yours = join(lab.dir, 'src', file);
      const color = options.color ?? process.stdout.isTTY;
      const result = spawnSync('git', ['diff', '--no-index', `--color=${color ? 'always' : 'never'}`, yours, reference], {
        encoding: 'utf8',
      });
      if (result.error) throw new Error(`git is needed for diff (${result.error.message}); install it from https://git-scm.com`);
      if (result.status === 0) continue;
      differing += 1;
      process.stdout.write(relabel(result.stdout, yours, reference, `src/${file}`, `reference/${file}`));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(differing === 0 ? `lab ${lab.id}: your files match the reference` : `lab ${lab.id}: ${differing} file(s) differ from the reference`);
  return differing;
}

/** Replaces the absolute paths git prints by short labels. */
function relabel(diff: string, yours: string, reference: string, yourLabel: string, referenceLabel: string): string {
  const strip = (p: string) => p.replace(/^\//, '');
  return diff.split(strip(yours)).join(yourLabel).split(strip(reference)).join(referenceLabel);
}
