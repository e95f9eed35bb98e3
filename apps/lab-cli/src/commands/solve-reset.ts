// `lab solve` and `lab reset`: replace the learner's src/ files by the reference or the starter, after a backup.

import { allTestsPassed, clearVerify, labStatus, loadState, recordVerify, resetLab, runLabTests, solveLab } from '@mlops/lab-kit/engine';
import { findLabs, type Lab } from '@mlops/lab-kit/runtime';
import pc from 'picocolors';
import { ok, shortPath, warn } from '../output';

/**
 * Copies the reference into the lab's `src/` (instructor catch-up), keeping a backup of the learner's
 * files, then runs the lab's tests and records the result, so a solved lab shows as passed (and the
 * commands without a lab id move on) exactly when its tests pass here.
 * @returns true when every test ran and passed.
 */
export async function solveCommand(lab: Lab): Promise<boolean> {
  const { backup, written } = solveLab(lab);
  console.log(ok(`lab ${lab.id}: copied the reference into ${written.map((f) => `${lab.relDir}/${f}`).join(', ')}`));
  if (backup) console.log(`  backup of your files: ${shortPath(backup)}`);
  const result = await runLabTests(lab, 'learner').catch((error: Error) => {
    clearVerify(lab.root, lab.id);
    console.log(warn(`lab ${lab.id}: its tests could not run (${error.message.split('\n')[0]}): npm run lab -- verify ${lab.id}`));
    return undefined;
  });
  if (!result) return false;
  recordVerify(lab.root, lab.id, result);
  const time = pc.dim(`(${(result.durationMs / 1000).toFixed(1)} s)`);
  if (allTestsPassed(result)) {
    console.log(`  ${ok(`all ${result.total} tests pass: lab ${lab.id} is passed`)} ${time}`);
    return true;
  }
  const why = result.skipReasons.length > 0 ? ` (${result.skipReasons.join('; ')})` : '';
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped${why}` : '';
  console.log(`  ${warn(`${result.passed}/${result.total} tests pass${skipped}: lab ${lab.id} is not passed yet`)} ${time}`);
  console.log(pc.dim(`  details: npm run lab -- verify ${lab.id}`));
  return false;
}

/** Solves every lab before `untilId` that has not passed yet, one after the other; returns the labs solved. */
export async function solveUpTo(root: string, untilId: string): Promise<Lab[]> {
  const state = loadState(root);
  const earlier = findLabs(root).filter((lab) => lab.id < untilId);
  const labs = earlier.filter((lab) => labStatus(lab, state) !== 'passed');
  for (const lab of labs) await solveCommand(lab);
  if (earlier.length === 0) console.log(`no lab comes before ${untilId}: nothing to catch up, start with npm run lab -- verify ${untilId}`);
  else if (labs.length === 0) console.log(`every lab before ${untilId} has already passed`);
  else console.log(pc.dim(`next: npm run lab -- verify ${untilId}`));
  return labs;
}

/** Restores the starter into the lab's `src/`, keeping a backup; prints the backup path. */
export function resetCommand(lab: Lab): void {
  const { backup, written } = resetLab(lab);
  clearVerify(lab.root, lab.id);
  console.log(ok(`lab ${lab.id}: restored the starter into ${written.map((f) => `${lab.relDir}/${f}`).join(', ')}`));
  console.log(backup ? `  backup of your files: ${shortPath(backup)}` : '  (there were no files of yours to back up)');
}
