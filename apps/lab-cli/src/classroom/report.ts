// Posts a verify result to the learner's classroom: a few numbers and one message, within 300 ms, never failing verify.

import { homedir } from 'node:os';
import { loadState } from '@mlops/lab-kit/engine';
import pc from 'picocolors';
import { warn } from '../output';
import { answerError, sendJson } from './http-post';
import { readMembership, writeMembership, type Membership } from './membership';

/** Longest wait for the classroom after a verify: verify must not feel slower. */
export const REPORT_TIMEOUT_MS = 300;
/** Longest first-failure message sent, in characters (the classroom refuses longer ones). */
export const MAX_MESSAGE_LENGTH = 300;

/** Everything a report contains: nothing else leaves the machine. */
export interface ClassroomReport {
  readonly lab: string;
  /** Step of the first failure, null when passed or unknown. */
  readonly step: number | null;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
  /** The first failure's message, cleaned (no colours, no paths of this machine) and cut to 300 characters. */
  readonly message: string | null;
  /** True when `lab solve` recorded the result. */
  readonly solved: boolean;
}

/** The counts and first failure of a verify, as lab-kit reports them. */
export interface VerifyOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly skipped?: number;
  readonly total: number;
  readonly firstFailure?: { readonly message: string; readonly step?: number };
}

/** How a report went. */
export type ReportOutcome = 'not joined' | 'sent' | 'unreachable' | 'refused' | 'rate-limited' | 'rejected';

/**
 * Cleans a failure message for the room: no terminal colours, this machine's repository and home folders
 * replaced (`labs/01-.../src/x.ts`, `~`), at most 6 lines and {@link MAX_MESSAGE_LENGTH} characters.
 */
export function cleanMessage(message: string, root: string): string {
  let text = message
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .split(`${root}/`)
    .join('')
    .split(root)
    .join('.');
  const home = homedir();
  if (home.length > 1) text = text.split(home).join('~');
  text = text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(0, 6)
    .join('\n');
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  let cut = text.slice(0, MAX_MESSAGE_LENGTH - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The report of one verify (or of `solve`, with `solved`). */
export function buildReport(labId: string, outcome: VerifyOutcome, root: string, solved = false): ClassroomReport {
  const first = outcome.firstFailure;
  return {
    lab: labId,
    step: first?.step ?? null,
    passed: outcome.passed,
    failed: outcome.failed,
    skipped: outcome.skipped ?? outcome.total - outcome.passed - outcome.failed,
    total: outcome.total,
    message: first ? cleanMessage(first.message, root) : null,
    solved,
  };
}

/** The command that joins again, for messages. */
export function joinAgain(m: Membership): string {
  return `npm run lab -- join ${m.url} --code <code> --name ${JSON.stringify(m.name)}`;
}

/**
 * Posts `report` when the learner has joined a class; otherwise does nothing (no network at all). Never throws
 * and never waits more than `timeoutMs`. When the classroom does not answer, it says so once (until it answers
 * again, across verify runs); when it refuses the learner's token, it says how to join again and stops posting.
 */
export async function reportToClassroom(root: string, report: ClassroomReport, timeoutMs = REPORT_TIMEOUT_MS): Promise<ReportOutcome> {
  try {
    return await send(root, report, timeoutMs);
  } catch {
    // Even a broken .labs-state (a full disk) must not fail a verify.
    return 'unreachable';
  }
}

/** Posts the last recorded result of each lab in `labIds` as solved (after `lab solve`), when joined. */
export async function reportSolved(root: string, labIds: readonly string[]): Promise<void> {
  const state = loadState(root);
  for (const id of labIds) {
    const last = state.labs[id]?.lastVerify;
    if (!last) continue;
    const { passed, failed, skipped, total } = last;
    const outcome = await reportToClassroom(root, { lab: id, step: null, passed, failed, skipped, total, message: null, solved: true });
    if (outcome !== 'sent' && outcome !== 'rate-limited') return;
  }
}

async function send(root: string, report: ClassroomReport, timeoutMs: number): Promise<ReportOutcome> {
  const membership = readMembership(root);
  if (!membership || membership.refused) return 'not joined';
  try {
    const answer = await sendJson('POST', `${membership.url}/api/report`, {
      body: report,
      headers: { authorization: `Bearer ${membership.token}`, 'x-class-code': membership.code },
      timeoutMs,
    });
    if (answer.status === 204) {
      if (membership.unreachableSince) {
        writeMembership(root, { ...membership, unreachableSince: undefined });
        console.log(pc.dim(`classroom at ${membership.url} answers again: your results reach the room`));
      }
      return 'sent';
    }
    if (answer.status === 401 || answer.status === 403) {
      writeMembership(root, { ...membership, refused: new Date().toISOString() });
      console.log(warn(`the classroom no longer accepts your results (${answerError(answer)}); to join again: ${joinAgain(membership)}`));
      return 'refused';
    }
    if (answer.status === 429) return 'rate-limited';
    if (answer.status >= 500) return unreachable(root, membership, answerError(answer));
    console.log(warn(`the classroom did not take this result: ${answerError(answer)}`));
    return 'rejected';
  } catch (error) {
    return unreachable(root, membership, (error as Error).message);
  }
}

function unreachable(root: string, membership: Membership, why: string): 'unreachable' {
  if (!membership.unreachableSince) {
    writeMembership(root, { ...membership, unreachableSince: new Date().toISOString() });
    console.log(
      warn(
        `classroom at ${membership.url} did not answer (${why}): verify works as usual, and the room gets your results ` +
          'again once it answers (npm run lab -- leave stops trying)',
      ),
    );
  }
  return 'unreachable';
}
