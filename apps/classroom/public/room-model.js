// @ts-check
// The room page's logic without the DOM: cell states, "stuck", room progress, the most shared failure per lab.
// Pure functions of the data the classroom streams (see src/room-types.ts), unit-tested in test/room-model.test.ts.

/**
 * @typedef {{ id: string, title: string, steps: number }} LabInfo
 * @typedef {{ passed: number, failed: number, skipped: number, total: number, step: number | null,
 *   message: string | null, solved: boolean, at: number, stepSince: number }} LabRecord
 * @typedef {{ id: string, name: string, joinedAt: number, lastSeenAt: number | null, currentLab: string | null,
 *   version: number, labs: Record<string, LabRecord> }} Learner
 * @typedef {'passed' | 'stuck' | 'progress' | 'none'} CellStatus
 * @typedef {{ status: CellStatus, text: string, detail: string }} CellView
 */

/** True when every test of the record ran and passed (a skipped test is not a pass). */
export function isPassed(/** @type {LabRecord | undefined} */ record) {
  return record !== undefined && record.total > 0 && record.passed === record.total;
}

/**
 * True when the learner has been on the same step of their current lab, without passing it, for longer than
 * `stuckMs`. Older labs they left unfinished do not count: they moved on.
 * @param {Learner} learner @param {string} labId @param {number} now the classroom's clock @param {number} stuckMs
 */
export function isStuck(learner, labId, now, stuckMs) {
  const record = learner.labs[labId];
  return record !== undefined && learner.currentLab === labId && !isPassed(record) && now - record.stepSince >= stuckMs;
}

/** `"12 min"`, `"2 h 5 min"`, `"40 s"`: a duration for people. */
export function duration(/** @type {number} */ ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** `"just now"`, `"3 min ago"`. */
export function ago(/** @type {number} */ ms) {
  return ms < 30_000 ? 'just now' : `${duration(ms)} ago`;
}

/**
 * What one cell of the grid says: a status for styling and tests, plus text that says it without colour.
 * @param {Learner} learner @param {LabInfo} lab @param {number} now @param {number} stuckMs @returns {CellView}
 */
export function cellView(learner, lab, now, stuckMs) {
  const r = learner.labs[lab.id];
  if (!r) return { status: 'none', text: '—', detail: 'not started' };
  if (isPassed(r)) return { status: 'passed', text: r.solved ? '✓ solved' : '✓ passed', detail: `${r.total}/${r.total}` };
  const step = r.step === null ? '' : lab.steps > 0 ? `step ${r.step}/${lab.steps}` : `step ${r.step}`;
  const tests = `${r.passed}/${r.total}${r.skipped > 0 ? ` · ${r.skipped} skipped` : ''}`;
  if (isStuck(learner, lab.id, now, stuckMs)) {
    return { status: 'stuck', text: `⚠ STUCK ${duration(now - r.stepSince)}`, detail: step || tests };
  }
  return { status: 'progress', text: step || 'in progress', detail: tests };
}

/**
 * Room progress of one lab: how many learners passed it (solved included), work on it, are stuck in it, or
 * have not started it.
 * @param {readonly Learner[]} learners @param {string} labId @param {number} now @param {number} stuckMs
 */
export function labProgress(learners, labId, now, stuckMs) {
  let passed = 0;
  let solved = 0;
  let inProgress = 0;
  let stuck = 0;
  for (const learner of learners) {
    const record = learner.labs[labId];
    if (!record) continue;
    if (isPassed(record)) {
      passed += 1;
      if (record.solved) solved += 1;
    } else {
      inProgress += 1;
      if (isStuck(learner, labId, now, stuckMs)) stuck += 1;
    }
  }
  return { passed, solved, inProgress, stuck, notStarted: learners.length - passed - inProgress, learners: learners.length };
}

/** A starter's "step N is not done yet" message: the learner has not begun the step; nothing to explain yet. */
export function isTodo(/** @type {string} */ message) {
  return /\bis not done yet\b/.test(message);
}

/**
 * The failure most learners share right now in a lab (their latest verify, lab not passed), the one to explain
 * at the board. A real failure beats "step N is not done yet" whatever the counts; ties go to the lower step.
 * @param {readonly Learner[]} learners @param {string} labId
 * @returns {{ message: string, step: number | null, count: number, todo: boolean, failing: number, distinct: number } | null}
 */
export function sharedFailure(learners, labId) {
  /** @type {Map<string, { message: string, step: number | null, count: number, todo: boolean }>} */
  const groups = new Map();
  let failing = 0;
  for (const learner of learners) {
    const r = learner.labs[labId];
    if (!r || isPassed(r) || !r.message) continue;
    failing += 1;
    const message = r.message.replace(/\s+/g, ' ').trim();
    const key = `${r.step ?? ''}\u0000${message}`;
    const group = groups.get(key) ?? { message, step: r.step, count: 0, todo: isTodo(message) };
    group.count += 1;
    groups.set(key, group);
  }
  const best = [...groups.values()].sort(
    (a, b) => Number(a.todo) - Number(b.todo) || b.count - a.count || (a.step ?? 999) - (b.step ?? 999) || a.message.localeCompare(b.message),
  )[0];
  return best ? { ...best, failing, distinct: groups.size } : null;
}

/**
 * The lab columns: the classroom's labs, plus any lab id a learner reported that it does not know.
 * @param {readonly LabInfo[]} labs @param {readonly Learner[]} learners @returns {LabInfo[]}
 */
export function labColumns(labs, learners) {
  const known = new Map(labs.map((lab) => [lab.id, lab]));
  for (const learner of learners) {
    for (const id of Object.keys(learner.labs)) if (!known.has(id)) known.set(id, { id, title: `lab ${id}`, steps: 0 });
  }
  return [...known.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Labs passed, then tests passed in the current lab: who is furthest along. */
function progressScore(/** @type {Learner} */ learner) {
  const records = Object.entries(learner.labs);
  const passed = records.filter(([, r]) => isPassed(r)).length;
  const current = learner.currentLab ? learner.labs[learner.currentLab] : undefined;
  const ratio = current && current.total > 0 ? current.passed / current.total : 0;
  return passed + ratio * 0.99;
}

/**
 * Rows in the order the instructor chose: `name` (stable, learners find themselves), `progress` (furthest first)
 * or `stuck` (stuck first, longest stuck on top, then by name).
 * @param {readonly Learner[]} learners @param {'name' | 'progress' | 'stuck'} order @param {number} now @param {number} stuckMs
 * @returns {Learner[]}
 */
export function sortLearners(learners, order, now, stuckMs) {
  const byName = (/** @type {Learner} */ a, /** @type {Learner} */ b) =>
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || a.id.localeCompare(b.id);
  const stuckFor = (/** @type {Learner} */ l) =>
    l.currentLab && isStuck(l, l.currentLab, now, stuckMs) ? now - (l.labs[l.currentLab]?.stepSince ?? now) : -1;
  const rows = [...learners];
  if (order === 'progress') return rows.sort((a, b) => progressScore(b) - progressScore(a) || byName(a, b));
  if (order === 'stuck') return rows.sort((a, b) => stuckFor(b) - stuckFor(a) || byName(a, b));
  return rows.sort(byName);
}
