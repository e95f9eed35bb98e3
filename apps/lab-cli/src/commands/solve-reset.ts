// `lab solve` and `lab reset`: replace the learner's src/ files by the reference or the starter, after a backup.

import { clearVerify, findLabs, labStatus, loadState, resetLab, solveLab, type Lab } from '@mlops/lab-kit';
import pc from 'picocolors';
import { ok, shortPath } from '../output';

/** Copies the reference into the lab's `src/` (instructor catch-up), keeping a backup of the learner's files. */
export function solveCommand(lab: Lab): void {
  const { backup, written } = solveLab(lab);
  clearVerify(lab.root, lab.id);
  console.log(ok(`lab ${lab.id}: copied the reference into ${written.map((f) => `${lab.relDir}/${f}`).join(', ')}`));
  if (backup) console.log(`  backup of your files: ${shortPath(backup)}`);
  console.log(pc.dim(`  check it: npm run lab -- verify ${lab.id}`));
}

/** Solves every lab before `untilId` that has not passed yet; returns the labs solved. */
export function solveUpTo(root: string, untilId: string): Lab[] {
  const state = loadState(root);
  const labs = findLabs(root).filter((lab) => lab.id < untilId && labStatus(lab, state) !== 'passed');
  for (const lab of labs) solveCommand(lab);
  if (labs.length === 0) console.log(`every lab before ${untilId} has already passed`);
  return labs;
}

/** Restores the starter into the lab's `src/`, keeping a backup; prints the backup path. */
export function resetCommand(lab: Lab): void {
  const { backup, written } = resetLab(lab);
  clearVerify(lab.root, lab.id);
  console.log(ok(`lab ${lab.id}: restored the starter into ${written.map((f) => `${lab.relDir}/${f}`).join(', ')}`));
  console.log(backup ? `  backup of your files: ${shortPath(backup)}` : '  (there were no files of yours to back up)');
}
