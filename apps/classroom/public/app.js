// @ts-check
// The room page: signs in with the link's #token, follows the classroom's event stream, redraws the room.
// URLs are relative, so the page also works behind a reverse proxy under a path (CLASSROOM_URL=https://host/room).

import { labColumns } from './room-model.js';
import { renderFailures, renderGrid, renderProgress, summaryText } from './room-view.js';

/** @typedef {import('./room-model.js').Learner} Learner @typedef {import('./room-model.js').LabInfo} LabInfo */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {LabInfo[]} */ labs: [],
  /** @type {Map<string, Learner>} */ learners: new Map(),
  /** The classroom's clock minus ours: "stuck" and "ago" use the classroom's time. */
  offset: 0,
  serverStuckMinutes: 10,
  /** When the last event arrived (our clock). */
  lastEventAt: 0,
  connected: false,
};

const settings = {
  /** @type {'name' | 'progress' | 'stuck'} */ order: 'name',
  /** @type {number | null} null: the classroom's STUCK_MINUTES */ stuckMinutes: null,
  hideJoin: false,
  manage: false,
};

function loadSettings() {
  try {
    Object.assign(settings, JSON.parse(localStorage.getItem('classroom-settings') ?? '{}'), { manage: false });
  } catch {
    // A broken saved setting is not worth a broken page.
  }
}

function saveSettings() {
  localStorage.setItem('classroom-settings', JSON.stringify({ ...settings, manage: false }));
}

const serverNow = () => Date.now() + state.offset;
const stuckMinutes = () => settings.stuckMinutes ?? state.serverStuckMinutes;

let renderTimer = 0;
/** Redraws soon; a burst of events costs one redraw. */
function scheduleRender() {
  if (renderTimer) return;
  renderTimer = window.setTimeout(() => {
    renderTimer = 0;
    render();
  }, 30);
}

function render() {
  const learners = [...state.learners.values()];
  const input = {
    labs: labColumns(state.labs, learners),
    learners,
    now: serverNow(),
    stuckMs: stuckMinutes() * 60_000,
    order: settings.order,
    manage: settings.manage,
  };
  renderGrid(/** @type {HTMLTableElement} */ ($('grid')), input, removeLearner);
  renderProgress($('progress'), input);
  renderFailures($('failures'), input);
  $('summary').textContent = summaryText(input);
  $('join').hidden = settings.hideJoin;
  $('toggle-join').textContent = settings.hideJoin ? 'show join command' : 'hide join command';
  $('toggle-manage').textContent = settings.manage ? 'done' : 'manage learners';
  renderLive();
  document.dispatchEvent(new CustomEvent('room:rendered', { detail: { learners: learners.length } }));
}

function renderLive() {
  const live = $('live');
  const last = state.lastEventAt ? new Date(state.lastEventAt).toLocaleTimeString() : 'never';
  const quiet = Date.now() - state.lastEventAt > 40_000;
  const ok = state.connected && !quiet;
  live.textContent = ok ? `● live · last update ${last}` : `○ reconnecting… · last update ${last}`;
  live.className = ok ? 'live ok' : 'live down';
}

/** @param {{ now: number }} data */
function clock(data) {
  state.offset = data.now - Date.now();
  state.lastEventAt = Date.now();
}

/** @param {Learner} learner */
function putLearner(learner) {
  const known = state.learners.get(learner.id);
  // Events can cross the snapshot: never replace a row with an older copy.
  if (!known || known.version <= learner.version) state.learners.set(learner.id, learner);
}

/** @param {Learner} learner */
async function removeLearner(learner) {
  if (!window.confirm(`Remove ${learner.name} from the room? Their reports stop until they join again.`)) return;
  const res = await fetch(`api/learners/${encodeURIComponent(learner.id)}`, { method: 'DELETE' });
  if (!res.ok && res.status !== 404) window.alert(`could not remove: ${(await res.json().catch(() => ({}))).error ?? res.status}`);
}

/** @type {EventSource | undefined} */
let source;
function connect() {
  source?.close();
  source = new EventSource('api/events');
  source.addEventListener('open', () => {
    state.connected = true;
  });
  source.addEventListener('snapshot', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    clock(data);
    state.labs = data.labs;
    state.serverStuckMinutes = data.stuckMinutes;
    state.learners = new Map(data.learners.map((/** @type {Learner} */ l) => [l.id, l]));
    const urls = /** @type {string[]} */ (data.join.urls);
    $('join-command').textContent = `npm run lab -- join ${urls[0]} --code ${data.join.code} --name "your name"`;
    $('join-code').textContent = data.join.code;
    $('join-more').textContent = urls.length > 1 ? `other addresses of this classroom: ${urls.slice(1).join(', ')}` : '';
    $('stuck-minutes').setAttribute('placeholder', String(data.stuckMinutes));
    showRoom();
    render();
  });
  source.addEventListener('learner', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    clock(data);
    putLearner(data.learner);
    scheduleRender();
  });
  source.addEventListener('left', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    clock(data);
    state.learners.delete(data.id);
    scheduleRender();
  });
  source.addEventListener('tick', (event) => {
    clock(JSON.parse(/** @type {MessageEvent} */ (event).data));
    renderLive();
  });
  source.addEventListener('error', () => {
    state.connected = false;
    renderLive();
    // The browser retries a dropped stream by itself; a refused one (401, 503) it gives up on: find out why.
    if (source?.readyState === EventSource.CLOSED) window.setTimeout(() => void start(), 3000);
  });
}

function showRoom() {
  $('signin').hidden = true;
  $('room').hidden = false;
}

/** @param {string} why */
function showSignIn(why) {
  source?.close();
  $('room').hidden = true;
  $('signin').hidden = false;
  $('signin-why').textContent = why;
}

/** @param {string} token */
async function signIn(token) {
  const res = await fetch('api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? `HTTP ${res.status}`);
}

async function start() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    // Off the address bar (and the projector) at once, before anything else can fail.
    history.replaceState(null, '', location.pathname + location.search);
    try {
      await signIn(fromLink);
    } catch (error) {
      return showSignIn(`That link did not sign you in: ${/** @type {Error} */ (error).message}`);
    }
  }
  const session = await fetch('api/session').catch(() => undefined);
  if (!session) return void window.setTimeout(() => void start(), 3000);
  if (session.status === 401) return showSignIn('This page shows the whole class, so it is for the instructor only.');
  connect();
}

function wireControls() {
  const stuck = /** @type {HTMLInputElement} */ ($('stuck-minutes'));
  stuck.value = settings.stuckMinutes === null ? '' : String(settings.stuckMinutes);
  stuck.addEventListener('change', () => {
    const value = Number(stuck.value);
    settings.stuckMinutes = stuck.value === '' || !(value > 0) ? null : value;
    saveSettings();
    render();
  });
  const order = /** @type {HTMLSelectElement} */ ($('order'));
  order.value = settings.order;
  order.addEventListener('change', () => {
    settings.order = /** @type {typeof settings.order} */ (order.value);
    saveSettings();
    render();
  });
  $('toggle-join').addEventListener('click', () => {
    settings.hideJoin = !settings.hideJoin;
    saveSettings();
    render();
  });
  $('toggle-manage').addEventListener('click', () => {
    settings.manage = !settings.manage;
    render();
  });
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('signin-token'));
    signIn(input.value.trim()).then(
      () => void start(),
      (error) => showSignIn(`Not signed in: ${/** @type {Error} */ (error).message}`),
    );
  });
  $('signout').addEventListener('click', () => {
    void fetch('api/session', { method: 'DELETE' }).then(() => showSignIn('Signed out.'));
  });
}

loadSettings();
wireControls();
// A room link pasted into a tab already showing this page changes only the #fragment: sign in with it too.
window.addEventListener('hashchange', () => void start());
// "Stuck" and "ago" move with time even when nobody posts; a stream silent past two heartbeats is reopened
// (a laptop that slept, a proxy that dropped the connection without closing it).
window.setInterval(() => {
  if (!state.lastEventAt) return;
  render();
  if (state.connected && Date.now() - state.lastEventAt > 45_000) {
    state.connected = false;
    connect();
  }
}, 10_000);
void start();
