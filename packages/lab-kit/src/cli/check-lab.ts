// check-lab <labDir>: CI check of one lab: starter in sync, reference passes every test, starter fails one, run.ts runs the learner's code.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { findLab } from '../runtime/lab-metadata';
import { compareStarter } from '../authoring/lab-starter';
import { runLabTests } from '../engine/run-lab-tests';
import { referenceVerdict, runCheckVerdict, starterVerdict, type Verdict } from './check-verdicts';

const labArg = process.argv[2] ?? '.';
const lab = findLab(labArg);
const lines: string[] = [];
let ok = true;
const bad = (text: string) => {
  ok = false;
  lines.push(`${pc.red('✗')} ${text}`);
};
const good = (text: string) => lines.push(`${pc.green('✓')} ${text}`);
const record = (verdict: Verdict) => (verdict.ok ? good(verdict.text) : bad(verdict.text));

try {
  const problems = compareStarter(lab);
  if (problems.length === 0) good('starter is in sync with the reference');
  else bad(`starter is out of sync (${problems.join('; ')}): run npm run labs:sync`);
} catch (error) {
  bad(`starter cannot be generated: ${(error as Error).message}`);
}

const reference = await runLabTests(lab, 'reference').catch((error: Error) => {
  bad(`reference tests could not run: ${error.message}`);
  return undefined;
});
if (reference) record(referenceVerdict(reference, seconds(reference.durationMs)));

const starter = await runLabTests(lab, 'starter').catch((error: Error) => {
  bad(`starter tests could not run: ${error.message}`);
  return undefined;
});
if (starter) record(starterVerdict(starter, seconds(starter.durationMs)));

// run-check/ tests start run.ts on a learner copy of their own; the reference target keeps src/ untouched.
if (lab.run !== undefined) {
  const runCheck = existsSync(join(lab.dir, 'run-check'))
    ? await runLabTests(lab, 'reference', { suite: 'run-check' }).catch((error: Error) => {
        bad(`run checks could not run: ${error.message}`);
        return null;
      })
    : undefined;
  if (runCheck !== null) record(runCheckVerdict(runCheck, runCheck ? seconds(runCheck.durationMs) : '0 s'));
}

console.log(`lab ${lab.id} ${lab.title}\n${lines.join('\n')}`);
process.exitCode = ok ? 0 : 1;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
