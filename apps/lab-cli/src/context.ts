// Where the labs are and which lab a command means when none is named.

import { labStatus, loadState } from '@mlops/lab-kit/engine';
import { findLab, findLabs, findRepoRoot, type Lab } from '@mlops/lab-kit/runtime';

/** Repository root: `MLOPS_LABS_ROOT` when set (tests use a temporary tree), else found from the cwd. */
export function labsRoot(): string {
  return process.env.MLOPS_LABS_ROOT ?? findRepoRoot(process.cwd());
}

/**
 * The lab a command works on: the one named (id, slug, folder) or, when none is, the first lab not yet
 * passed (the last lab when every lab has passed).
 * @throws LabNotFoundError listing the valid labs for an unknown id.
 */
export function pickLab(arg: string | undefined, root = labsRoot()): Lab {
  if (arg) return findLab(arg, root);
  const labs = findLabs(root);
  const state = loadState(root);
  const next = labs.find((lab) => labStatus(lab, state) !== 'passed') ?? labs.at(-1);
  if (!next) throw new Error(`no labs found under ${root}/labs`);
  return next;
}
