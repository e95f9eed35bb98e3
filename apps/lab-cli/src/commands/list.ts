// `lab list`: every lab with its time, status and the tests passed at the last verify.

import { labStatus, loadState, type LabStatus } from '@mlops/lab-kit/engine';
import { findLabs } from '@mlops/lab-kit/runtime';
import pc from 'picocolors';

/** One row of `list --json`. */
export interface LabListEntry {
  id: string;
  slug: string;
  title: string;
  minutes: number;
  status: LabStatus;
  passed: number | null;
  total: number | null;
  dir: string;
}

/** The list rows of every lab under `root`. */
export function listLabs(root: string): LabListEntry[] {
  const state = loadState(root);
  return findLabs(root).map((lab) => {
    const last = state.labs[lab.id]?.lastVerify;
    return {
      id: lab.id,
      slug: lab.slug,
      title: lab.title,
      minutes: lab.minutes,
      status: labStatus(lab, state),
      passed: last?.passed ?? null,
      total: last?.total ?? null,
      dir: lab.relDir,
    };
  });
}

const colour: Record<LabStatus, (s: string) => string> = {
  passed: pc.green,
  'in progress': pc.yellow,
  'not started': pc.dim,
};

/** Prints the labs as a table, or as JSON for instructors' tooling. */
export function listCommand(root: string, options: { json?: boolean }): void {
  const rows = listLabs(root);
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const titleWidth = Math.max(5, ...rows.map((r) => r.title.length));
  console.log(pc.bold(`id  ${'title'.padEnd(titleWidth)}  min  ${'status'.padEnd(11)}  tests`));
  for (const r of rows) {
    const tests = r.total === null ? '-' : `${r.passed}/${r.total}`;
    console.log(`${r.id}  ${r.title.padEnd(titleWidth)}  ${String(r.minutes).padStart(3)}  ${colour[r.status](r.status.padEnd(11))}  ${tests}`);
  }
  const total = rows.reduce((sum, r) => sum + r.minutes, 0);
  const done = rows.filter((r) => r.status === 'passed').length;
  console.log(pc.dim(`${done}/${rows.length} labs passed, ${total} minutes in all. Next: npm run lab -- verify`));
}
