// `lab verify`: runs the learner's tests of one lab, prints a short summary and records the result.

import { findLabs, recordVerify, runLabTests, type Lab, type LabTestResult } from '@mlops/lab-kit';
import pc from 'picocolors';
import { fail, indent, ok } from '../output';

/** Runs the lab's tests against `src/`, prints the summary, records it; true when every test passes. */
export async function verifyLab(lab: Lab): Promise<boolean> {
  const result = await runLabTests(lab, 'learner');
  for (const file of result.created) console.log(pc.dim(`created ${lab.relDir}/${file} from the starter: this is your copy to edit`));
  recordVerify(lab.root, lab.id, result);
  console.log(formatVerify(lab, result));
  return result.total > 0 && result.failed === 0;
}

/** The verify summary: a headline, then the first failure or what to do next. */
export function formatVerify(lab: Lab, result: LabTestResult): string {
  const time = pc.dim(`(${(result.durationMs / 1000).toFixed(1)} s)`);
  if (result.total > 0 && result.failed === 0) {
    const next = findLabs(lab.root).find((l) => l.id > lab.id);
    const then = next ? `next: lab ${next.id} ${next.title} (npm run lab -- verify ${next.id})` : 'that was the last lab: well done';
    return `${ok(`lab ${lab.id} ${lab.title}: all ${result.total} tests pass`)} ${time}\n  ${then}`;
  }
  const lines = [`${fail(`lab ${lab.id} ${lab.title}: ${result.passed}/${result.total} tests pass, ${result.failed} to go`)} ${time}`];
  const first = result.firstFailure;
  if (first) {
    lines.push(`  first failure: ${pc.bold(first.test)}`);
    lines.push(indent(first.message, '    '));
  }
  lines.push(pc.dim(`  stuck? npm run lab -- hint ${lab.id}   compare: npm run lab -- diff ${lab.id}`));
  return lines.join('\n');
}
