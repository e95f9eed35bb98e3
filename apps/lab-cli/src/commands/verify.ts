// `lab verify`: runs the learner's tests of one lab, prints a short summary and records the result.

import { allTestsPassed, recordVerify, runLabTests, type LabTestResult } from '@mlops/lab-kit/engine';
import { findLabs, type Lab } from '@mlops/lab-kit/runtime';
import pc from 'picocolors';
import { buildReport, reportToClassroom } from '../classroom/report';
import { fail, indent, ok, warn } from '../output';

/** Runs the lab's tests against `src/`, prints the summary, records it; true when every test ran and passed. */
export async function verifyLab(lab: Lab): Promise<boolean> {
  const result = await runLabTests(lab, 'learner');
  for (const file of result.created) console.log(pc.dim(`created ${lab.relDir}/${file} from the starter: this is your copy to edit`));
  recordVerify(lab.root, lab.id, result);
  console.log(formatVerify(lab, result));
  // Only after `lab join`: the counts and first failure to the instructor's room, in at most 300 ms, never failing verify.
  await reportToClassroom(lab.root, buildReport(lab.id, result, lab.root));
  return allTestsPassed(result);
}

/**
 * The verify summary: a headline, then why tests were skipped, the first failure (lowest step first)
 * with the file to edit, or what to do next. A lab with a skipped test has not passed.
 */
export function formatVerify(lab: Lab, result: LabTestResult): string {
  const time = pc.dim(`(${(result.durationMs / 1000).toFixed(1)} s)`);
  if (allTestsPassed(result)) {
    const next = findLabs(lab.root).find((l) => l.id > lab.id);
    const then = next ? `next: lab ${next.id} ${next.title} (npm run lab -- verify ${next.id})` : 'that was the last lab: well done';
    return `${ok(`lab ${lab.id} ${lab.title}: all ${result.total} tests pass`)} ${time}\n  ${then}`;
  }
  const toGo = result.total - result.passed;
  const lines = [`${fail(`lab ${lab.id} ${lab.title}: ${result.passed}/${result.total} tests pass, ${toGo} to go`)} ${time}`];
  if (result.skipped > 0) {
    const why = result.skipReasons.length > 0 ? result.skipReasons.join('\n') : 'they must run and pass too (a .skip left in a test, or a failed set-up)';
    lines.push(indent(warn(`${result.skipped} skipped: ${why}`)));
  }
  const first = result.firstFailure;
  if (first) {
    lines.push(`  first failure: ${pc.bold(first.test)}`);
    lines.push(indent(first.message, '    '));
    if (first.files.length > 0) lines.push(`  file to edit${first.step === undefined ? '' : ` (step ${first.step})`}: ${first.files.join(', ')}`);
  }
  lines.push(pc.dim(`  stuck? npm run lab -- hint ${lab.id}   compare: npm run lab -- diff ${lab.id}`));
  return lines.join('\n');
}
