// @ts-check
// Draws the room from its data. Learner data only ever reaches the page through textContent: never as markup.

import { ago, cellView, isStuck, labProgress, sharedFailure, sortLearners } from './room-model.js';

/**
 * @typedef {import('./room-model.js').LabInfo} LabInfo
 * @typedef {import('./room-model.js').Learner} Learner
 * @typedef {{ labs: LabInfo[], learners: Learner[], now: number, stuckMs: number,
 *   order: 'name' | 'progress' | 'stuck', manage: boolean }} ViewInput
 */

/**
 * Creates an element with a class and text (as text, never parsed) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [className] @param {string} [text] @param {Node[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  node.append(...children);
  return node;
}

/** The grid's head: learner, one column per lab (id, title, how many passed), last verify. */
function head(/** @type {ViewInput} */ input) {
  const row = el('tr', '', undefined, [el('th', 'learner-col', 'Learner')]);
  for (const lab of input.labs) {
    const progress = labProgress(input.learners, lab.id, input.now, input.stuckMs);
    const th = el('th', 'lab-col', undefined, [
      el('span', 'lab-id', lab.id),
      el('span', 'lab-title', lab.title),
      el('span', 'lab-count', `${progress.passed}/${progress.learners} ✓`),
    ]);
    th.dataset.lab = lab.id;
    th.scope = 'col';
    row.append(th);
  }
  row.append(el('th', 'seen-col', 'Last verify'));
  return el('thead', '', undefined, [row]);
}

/** One learner's row. */
function learnerRow(/** @type {Learner} */ learner, /** @type {ViewInput} */ input, /** @type {(l: Learner) => void} */ onRemove) {
  const stuck = learner.currentLab !== null && isStuck(learner, learner.currentLab, input.now, input.stuckMs);
  const name = el('th', 'learner', undefined, [el('span', 'name', learner.name)]);
  name.scope = 'row';
  if (stuck) name.append(el('span', 'flag', '⚠ stuck'));
  if (input.manage) {
    const remove = el('button', 'remove', 'remove');
    remove.type = 'button';
    remove.addEventListener('click', () => onRemove(learner));
    name.append(remove);
  }
  const row = el('tr', stuck ? 'row-stuck' : '', undefined, [name]);
  row.dataset.learnerId = learner.id;
  row.dataset.stuck = String(stuck);
  for (const lab of input.labs) {
    const view = cellView(learner, lab, input.now, input.stuckMs);
    const parts = [el('span', 'cell-text', view.text)];
    // A real space between the two, for screen readers and copy-paste; the detail may wrap below.
    // An unfinished lab the learner moved on from is greyed: the lab they work on stands out.
    const behind = view.status === 'progress' && learner.currentLab !== lab.id;
    const cell = el('td', `cell ${view.status}${behind ? ' behind' : ''}`, undefined, parts);
    if (view.status !== 'none') cell.append(' ', el('span', 'cell-detail', view.detail));
    cell.dataset.lab = lab.id;
    cell.dataset.status = view.status;
    row.append(cell);
  }
  row.append(el('td', 'seen', learner.lastSeenAt === null ? 'joined, no verify yet' : ago(input.now - learner.lastSeenAt)));
  return row;
}

/** Replaces the grid's content. */
export function renderGrid(/** @type {HTMLTableElement} */ table, /** @type {ViewInput} */ input, /** @type {(l: Learner) => void} */ onRemove) {
  const rows = sortLearners(input.learners, input.order, input.now, input.stuckMs).map((l) => learnerRow(l, input, onRemove));
  const body = el('tbody', '', undefined, rows);
  if (rows.length === 0) {
    const empty = el('td', 'empty', 'No learner has joined yet: the join command is at the top of this page.');
    empty.colSpan = input.labs.length + 2;
    body.append(el('tr', '', undefined, [empty]));
  }
  table.replaceChildren(head(input), body);
}

/** The room progress panel: per lab, passed / in progress / stuck / not started, with a bar. */
export function renderProgress(/** @type {HTMLElement} */ list, /** @type {ViewInput} */ input) {
  const items = input.labs.map((lab) => {
    const p = labProgress(input.learners, lab.id, input.now, input.stuckMs);
    const bar = el('span', 'bar');
    const fill = el('span', 'bar-fill');
    // A width from a number this page computed: not learner text. (CSSOM, allowed by the CSP, unlike style="".)
    fill.style.width = `${p.learners === 0 ? 0 : Math.round((100 * p.passed) / p.learners)}%`;
    bar.append(fill);
    const parts = [`${p.inProgress} working`, `${p.notStarted} not started`];
    if (p.stuck > 0) parts.splice(1, 0, `⚠ ${p.stuck} stuck`);
    if (p.solved > 0) parts.push(`${p.solved} by solve`);
    const item = el('li', 'progress-item', undefined, [
      el('span', 'progress-lab', `${lab.id} ${lab.title}`),
      el('span', 'progress-count', `${p.passed}/${p.learners} passed`),
      bar,
      el('span', 'progress-detail', parts.join(' · ')),
    ]);
    item.dataset.lab = lab.id;
    return item;
  });
  list.replaceChildren(...items);
}

/** The most shared failure of each lab that has one. */
export function renderFailures(/** @type {HTMLElement} */ list, /** @type {ViewInput} */ input) {
  const items = [];
  for (const lab of input.labs) {
    const shared = sharedFailure(input.learners, lab.id);
    if (!shared) continue;
    const who = shared.count === 1 ? '1 learner' : `${shared.count} learners`;
    const step = shared.step === null ? '' : ` · step ${shared.step}`;
    const children = [
      el('span', 'failure-head', `${lab.id} ${lab.title}${step} · ${who}${shared.todo ? ' (not started the step yet)' : ''}`),
      el('q', 'failure-message', shared.message),
    ];
    const others = shared.failing - shared.count;
    if (others > 0) children.push(el('span', 'failure-others', `+ ${others} more failing, with ${shared.distinct - 1} other message${shared.distinct > 2 ? 's' : ''}`));
    const item = el('li', `failure${shared.todo ? ' todo' : ''}`, undefined, children);
    item.dataset.lab = lab.id;
    item.dataset.count = String(shared.count);
    items.push(item);
  }
  if (items.length === 0) items.push(el('li', 'failure none', 'No failing verify right now.'));
  list.replaceChildren(...items);
}

/** The summary line: learners, who verified recently, who is stuck. */
export function summaryText(/** @type {ViewInput} */ input) {
  const active = input.learners.filter((l) => l.lastSeenAt !== null && input.now - l.lastSeenAt < 5 * 60_000).length;
  const stuck = input.learners.filter((l) => l.currentLab !== null && isStuck(l, l.currentLab, input.now, input.stuckMs)).length;
  return `${input.learners.length} learners · ${active} verified in the last 5 min · ${stuck} stuck`;
}
