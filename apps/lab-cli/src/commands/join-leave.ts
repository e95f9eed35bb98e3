// `lab join` and `lab leave`: opt in to the instructor's room view, and out again.

import { loadState } from '@mlops/lab-kit/engine';
import { findLabs } from '@mlops/lab-kit/runtime';
import pc from 'picocolors';
import { answerError, sendJson } from '../classroom/http-post';
import { readMembership, removeMembership, writeMembership } from '../classroom/membership';
import { reportToClassroom } from '../classroom/report';
import { fail, ok, warn } from '../output';

/** Joining waits longer than a report: the learner is watching and a typo is better reported than timed out. */
const JOIN_TIMEOUT_MS = 5000;

/** `http://host:port` from what the learner typed (`192.168.1.23:8088` gets `http://`). */
export function classroomUrl(input: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`"${input}" is not a classroom URL: copy it from the projector, e.g. http://192.168.1.23:8088`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`a classroom URL starts with http:// or https://, not ${url.protocol}//`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Joins the class at `url` with the class code and a display name, remembers the learner's token in
 * `.labs-state/classroom.json`, then sends the last recorded result of each lab so the room shows progress
 * made before joining. Joining again leaves the previous class first.
 * @returns true when joined.
 */
export async function joinCommand(root: string, input: string, options: { code: string; name: string }): Promise<boolean> {
  const url = classroomUrl(input);
  if (readMembership(root)) await leaveCommand(root, { quiet: true });
  let answer;
  try {
    answer = await sendJson('POST', `${url}/api/join`, { body: { code: options.code, name: options.name }, timeoutMs: JOIN_TIMEOUT_MS });
  } catch (error) {
    console.error(fail(`could not reach the classroom at ${url} (${(error as Error).message}): check the address on the projector and that you are on the room's network`));
    return false;
  }
  const joined = answer.body as { id?: unknown; name?: unknown; token?: unknown } | undefined;
  if (answer.status !== 201 || typeof joined?.token !== 'string' || typeof joined.id !== 'string') {
    console.error(fail(`the classroom did not let you join: ${answerError(answer)}`));
    return false;
  }
  const name = typeof joined.name === 'string' ? joined.name : options.name;
  writeMembership(root, { url, code: options.code, name, id: joined.id, token: joined.token, joinedAt: new Date().toISOString() });
  console.log(ok(`joined the class at ${url} as "${name}"`));
  console.log(
    '  from now on, each verify (and watch) sends the room: the lab, the step, test counts and the first failure\'s\n' +
      '  message (at most 300 characters). Never your code, files or anything else from this machine.',
  );
  console.log(pc.dim('  npm run lab -- leave stops it'));
  await sendRecordedResults(root);
  return true;
}

/** Sends the last verify of every lab already verified, so the room starts with the learner's progress. */
async function sendRecordedResults(root: string): Promise<void> {
  const state = loadState(root);
  for (const lab of findLabs(root)) {
    const last = state.labs[lab.id]?.lastVerify;
    if (!last) continue;
    const { passed, failed, skipped, total } = last;
    const sent = await reportToClassroom(root, { lab: lab.id, step: null, passed, failed, skipped, total, message: null, solved: false }, 2000);
    if (sent !== 'sent' && sent !== 'rate-limited') return;
  }
}

/** Leaves the class: the classroom removes the learner's row, and verify stops posting. */
export async function leaveCommand(root: string, options: { quiet?: boolean } = {}): Promise<void> {
  const membership = readMembership(root);
  if (!membership) {
    if (!options.quiet) console.log('you are not in a class: verify sends nothing (npm run lab -- join <url> --code <code> --name <name> to join)');
    return;
  }
  removeMembership(root);
  try {
    const answer = await sendJson('DELETE', `${membership.url}/api/me`, { headers: { authorization: `Bearer ${membership.token}` }, timeoutMs: 2000 });
    if (answer.status !== 204 && answer.status !== 401 && !options.quiet) {
      console.log(warn(`the classroom did not confirm (${answerError(answer)}); your row may stay on the room page until the instructor removes it`));
    }
  } catch {
    if (!options.quiet) console.log(warn(`the classroom at ${membership.url} did not answer; your row may stay on the room page until the instructor removes it`));
  }
  if (!options.quiet) console.log(ok(`left the class at ${membership.url}: verify no longer sends anything`));
}
