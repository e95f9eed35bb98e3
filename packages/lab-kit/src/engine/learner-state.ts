// Learner state in .labs-state/ at the repository root (gitignored): hints shown, last verify, backups.

import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { Lab } from '../runtime/lab-metadata';

const verifySchema = z.object({
  at: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int().default(0),
  total: z.number().int(),
});

const stateSchema = z.object({
  version: z.literal(1).default(1),
  labs: z
    .record(
      z.string(),
      z.object({ hintsShown: z.number().int().min(0).default(0), lastVerify: verifySchema.optional() }),
    )
    .default({}),
});

/** The last `verify` of a lab. */
export type VerifyRecord = z.infer<typeof verifySchema>;
/** Everything the CLI remembers about a learner's progress. */
export type LearnerState = z.infer<typeof stateSchema>;
/** Progress of one lab as `list` shows it. */
export type LabStatus = 'not started' | 'in progress' | 'passed';

/** Folder of the learner state: `<root>/.labs-state`. */
export function stateDir(root: string): string {
  return join(root, '.labs-state');
}

/** Reads `.labs-state/state.json`; a missing or corrupt file gives a fresh state (never a crash). */
export function loadState(root: string): LearnerState {
  const file = join(stateDir(root), 'state.json');
  if (!existsSync(file)) return stateSchema.parse({});
  try {
    return stateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return stateSchema.parse({});
  }
}

/** Writes the state atomically (write a temporary file, then rename). */
export function saveState(root: string, state: LearnerState): void {
  const dir = stateDir(root);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `state.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, join(dir, 'state.json'));
}

/** Applies `change` to the lab's entry and saves; returns the new state. */
export function updateLab(root: string, labId: string, change: (entry: LearnerState['labs'][string]) => void): LearnerState {
  const state = loadState(root);
  const entry = state.labs[labId] ?? { hintsShown: 0 };
  change(entry);
  state.labs[labId] = entry;
  saveState(root, state);
  return state;
}

/** Records a verify result of a lab (`skipped` defaults to 0). */
export function recordVerify(
  root: string,
  labId: string,
  result: { passed: number; failed: number; skipped?: number; total: number },
): void {
  updateLab(root, labId, (entry) => {
    const { passed, failed, skipped = 0, total } = result;
    entry.lastVerify = { at: new Date().toISOString(), passed, failed, skipped, total };
  });
}

/** True when every test ran and passed: a skipped test (no Redis, a failed set-up) is not a pass. */
export function allTestsPassed(result: { passed: number; total: number }): boolean {
  return result.total > 0 && result.passed === result.total;
}

/** Forgets the last verify of a lab (after `reset`). */
export function clearVerify(root: string, labId: string): void {
  updateLab(root, labId, (entry) => {
    delete entry.lastVerify;
  });
}

/**
 * Returns the next unseen hint and remembers it, or `undefined` when every hint was shown.
 * @returns `{ index, text }` with a 1-based `index`.
 */
export function takeNextHint(lab: Lab): { index: number; text: string } | undefined {
  const shown = loadState(lab.root).labs[lab.id]?.hintsShown ?? 0;
  const text = lab.hints[shown];
  if (text === undefined) return undefined;
  updateLab(lab.root, lab.id, (entry) => {
    entry.hintsShown = shown + 1;
  });
  return { index: shown + 1, text };
}

/** Marks every hint of a lab as shown. */
export function markAllHintsShown(lab: Lab): void {
  updateLab(lab.root, lab.id, (entry) => {
    entry.hintsShown = lab.hints.length;
  });
}

/**
 * Status of a lab: passed after a verify in which every test ran and passed (none skipped); in progress
 * once src/ exists or a verify ran.
 */
export function labStatus(lab: Lab, state: LearnerState): LabStatus {
  const last = state.labs[lab.id]?.lastVerify;
  if (last && allTestsPassed(last)) return 'passed';
  if (last || lab.files.some((f) => existsSync(join(lab.dir, 'src', f)))) return 'in progress';
  return 'not started';
}

/**
 * Copies the learner's lab files (those that exist in `src/`) to
 * `.labs-state/backups/<lab folder>/<timestamp>/`, keeping their relative paths.
 * @returns the backup folder, or `undefined` when `src/` holds no lab file.
 */
export function backupLearnerFiles(lab: Lab, now = new Date()): string | undefined {
  const present = lab.files.filter((f) => existsSync(join(lab.dir, 'src', f)));
  if (present.length === 0) return undefined;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = join(stateDir(lab.root), 'backups', basename(lab.dir), stamp);
  for (let n = 2; existsSync(target); n += 1) target = join(dirname(target), `${stamp}-${n}`);
  for (const file of present) {
    const to = join(target, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(lab.dir, 'src', file), to);
  }
  return target;
}
