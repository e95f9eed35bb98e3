// check-lab <labDir>: CI check of one lab: starter in sync, reference passes every test, starter fails one.

import pc from 'picocolors';
import { findLab } from '../lab-metadata';
import { compareStarter } from '../lab-starter';
import { runLabTests } from '../run-lab-tests';

const labArg = process.argv[2] ?? '.';
const lab = findLab(labArg);
const lines: string[] = [];
let ok = true;
const bad = (text: string) => {
  ok = false;
  lines.push(`${pc.red('✗')} ${text}`);
};
const good = (text: string) => lines.push(`${pc.green('✓')} ${text}`);

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
if (!reference) {
  // already reported
} else if (reference.total > 0 && reference.failed === 0) {
  good(`reference passes ${reference.passed}/${reference.total} tests (${seconds(reference.durationMs)})`);
} else {
  const first = reference.firstFailure;
  bad(
    `reference must pass every test: ${reference.failed} of ${reference.total} failed` +
      (first ? `\n    first failure: ${first.test}\n    ${first.message.split('\n').join('\n    ')}` : ''),
  );
}

const starter = await runLabTests(lab, 'starter').catch((error: Error) => {
  bad(`starter tests could not run: ${error.message}`);
  return undefined;
});
if (!starter) {
  // already reported
} else if (starter.failed > 0) {
  good(`starter fails ${starter.failed} of ${starter.total} tests, as it should (${seconds(starter.durationMs)})`);
} else {
  bad(`the untouched starter passes all ${starter.total} tests: mark the learner's work with "// #region solution step N: ..."`);
}

console.log(`lab ${lab.id} ${lab.title}\n${lines.join('\n')}`);
process.exitCode = ok ? 0 : 1;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
