// `npm run bench:classroom`: 40 simulated learners verify every 2 s against a real classroom process for 60 s.
// Checks that no update is lost (posted vs received on the room stream and shown by the page) and that the
// classroom's memory stays flat; prints the figures. Options: --learners 40 --interval 2 --duration 60 --no-browser

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { CHROMIUM_PATH } from '../test/support/chromium';
import { joinLearner, postReport, readRoomStream, type JoinedLearner, type ReportBody } from '../test/support/room-client';
import { LEARNER_NAMES } from './simulated-class';

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '40' },
    interval: { type: 'string', default: '2' },
    duration: { type: 'string', default: '60' },
    'no-browser': { type: 'boolean', default: false },
  },
});
const LEARNERS = Number(values.learners);
const INTERVAL_MS = Number(values.interval) * 1000;
const DURATION_MS = Number(values.duration) * 1000;

const redis = await startTestRedis();
if (!redis) throw new Error('the bench needs Redis (docker compose up -d redis, or redis-server)');
const prefix = `${uniquePrefix('classroom-bench')}:`;

// ── the classroom: a real process, as `npm run classroom` starts it ──
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--new-class'], {
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, CLASSROOM_PREFIX: prefix, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let url = '';
let code = '';
let token = '';
for await (const line of createInterface({ input: child.stdout! })) {
  const join = /npm run lab -- join (http:\/\/[\d.:]+) --code (\w+)/.exec(line);
  if (join) [, url, code] = join as unknown as [string, string, string];
  const link = /#token=([\w-]+)$/.exec(line);
  if (link) token = link[1]!;
  if (url && token && /Ctrl-C/.test(line)) break;
}
child.stdout!.resume();

/** Resident memory of the classroom process, in MB. */
function rssMb(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1] ?? 0) / 1024;
  return Number.NaN;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

// ── the instructor: the room stream, and the page in Chromium ──
const sentAt = new Map<string, number>(); // "<learner id> <seq>" → when its POST was sent
const streamLatency: number[] = [];
const received = new Map<string, number>(); // learner id → learner events after the join (version 1)
const stream = await readRoomStream(url, token, (e) => {
  if (e.event !== 'learner' || e.data.learner.version < 2) return;
  const { learner } = e.data;
  received.set(learner.id, (received.get(learner.id) ?? 0) + 1);
  const message = learner.currentLab ? learner.labs[learner.currentLab]?.message : null;
  const sent = message ? sentAt.get(`${learner.id} ${/#(\d+)/.exec(message)?.[1]}`) : undefined;
  if (sent !== undefined) streamLatency.push(performance.now() - sent);
});
await stream.waitFor((e) => e.event === 'snapshot');

let browser: Browser | undefined;
let page: Page | undefined;
if (!values['no-browser'] && existsSync(CHROMIUM_PATH)) {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${url}/#token=${token}`);
  await page.waitForSelector('#room:not([hidden])');
  await page.evaluate('window.__renders = 0; document.addEventListener("room:rendered", () => { window.__renders += 1; })');
} else {
  console.log(values['no-browser'] ? 'page check: off (--no-browser)' : `page check: SKIPPED, no Chromium at ${CHROMIUM_PATH}`);
}

// ── the learners ──
const learners: JoinedLearner[] = [];
for (let i = 0; i < LEARNERS; i += 1) learners.push(await joinLearner(url, code, `${LEARNER_NAMES[i % LEARNER_NAMES.length]} ${i}`));
const posted = new Map<string, { count: number; last?: ReportBody }>(learners.map((l) => [l.id, { count: 0 }]));
const postLatency: number[] = [];
const failures = new Map<number, number>();
let seq = 0;

const reportFor = (n: number): ReportBody => {
  const passed = n % 29;
  const lab = String(Math.min(4, Math.floor(n / 29))).padStart(2, '0');
  return passed === 28
    ? { lab, passed: 28, failed: 0, skipped: 0, total: 28, message: null }
    : { lab, step: 1 + (passed % 4), passed, failed: 28 - passed, skipped: 0, total: 28, message: `bench failure #${(seq += 1)}` };
};

const rss: { at: number; mb: number }[] = [];
const started = performance.now();
const sampler = setInterval(() => rss.push({ at: (performance.now() - started) / 1000, mb: rssMb(child.pid!) }), 2000);
rss.push({ at: 0, mb: rssMb(child.pid!) });
const pageSamples: number[] = [];
const probe = learners[0]!;

const timers = learners.map((learner, i) => {
  let n = 0;
  const tick = async () => {
    const body = reportFor(n);
    n += 1;
    // The final state must be a failing one, with its unique message, so the page and stream can be compared.
    const key = body.message ? `${learner.id} ${/#(\d+)/.exec(body.message)![1]}` : undefined;
    const t0 = performance.now();
    if (key) sentAt.set(key, t0);
    const status = await postReport(url, code, learner, body);
    postLatency.push(performance.now() - t0);
    if (status !== 204) failures.set(status, (failures.get(status) ?? 0) + 1);
    else {
      const entry = posted.get(learner.id)!;
      entry.count += 1;
      entry.last = body;
    }
    if (page && learner === probe && body.message) {
      // How long until the page shows this verify: the projector's view of "within a second".
      await page
        .locator(`#grid tr[data-learner-id="${learner.id}"] td[data-lab="${body.lab}"]`, { hasText: new RegExp(`(^|\\D)${body.passed}/${body.total}`) })
        .waitFor({ state: 'attached', timeout: 5000 })
        .then(() => pageSamples.push(performance.now() - t0))
        .catch(() => pageSamples.push(Number.POSITIVE_INFINITY));
    }
  };
  const first = setTimeout(() => {
    void tick();
    timers[i] = setInterval(() => void tick(), INTERVAL_MS);
  }, (i * INTERVAL_MS) / LEARNERS);
  return first as NodeJS.Timeout;
});

await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
for (const timer of timers) clearInterval(timer);
// Let posts in flight finish and their events arrive.
await new Promise((resolve) => setTimeout(resolve, 1500));
clearInterval(sampler);
rss.push({ at: (performance.now() - started) / 1000, mb: rssMb(child.pid!) });

// ── what arrived ──
let lostOnStream = 0;
let postedTotal = 0;
for (const [id, entry] of posted) {
  postedTotal += entry.count;
  lostOnStream += Math.max(0, entry.count - (received.get(id) ?? 0));
}
const finalRows = (await (await fetch(`${url}/api/room`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
  learners: { id: string; version: number; labs: Record<string, { passed: number; message: string | null }> }[];
};
// Every recorded report bumps the row's version once (the join made it 1), and the row shows the last one.
const staleInRedis = finalRows.learners.filter((row) => {
  const entry = posted.get(row.id);
  if (!entry?.last) return false;
  return row.version !== 1 + entry.count || row.labs[entry.last.lab]?.passed !== entry.last.passed || row.labs[entry.last.lab]?.message !== (entry.last.message ?? null);
}).length;
let staleOnPage = Number.NaN;
let renders = Number.NaN;
if (page) {
  renders = Number(await page.evaluate('window.__renders'));
  staleOnPage = 0;
  for (const learner of learners) {
    const last = posted.get(learner.id)?.last;
    if (!last) continue;
    const text = await page.textContent(`#grid tr[data-learner-id="${learner.id}"] td[data-lab="${last.lab}"]`);
    if (!new RegExp(`(^|\\D)${last.passed}/${last.total}`).test(text ?? '')) staleOnPage += 1;
  }
}
stream.close();
await browser?.close();
child.kill('SIGTERM');
await once(child, 'exit');
const cleanup = new Redis(redis.url);
await deleteKeysWithPrefix(cleanup, prefix);
await cleanup.quit();
await redis.stop();

// ── figures ──
// RSS saws up and down with garbage collection: compare the medians of the first and last third after warm-up.
const warm = rss.filter((s) => s.at >= 10).map((s) => s.mb);
const mbs = warm.length >= 3 ? warm : rss.map((s) => s.mb);
const third = Math.max(1, Math.floor(mbs.length / 3));
const early = percentile(mbs.slice(0, third), 50);
const late = percentile(mbs.slice(-third), 50);
const flat = late <= early + 20;
const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'timed out');
const rows: [string, string][] = [
  ['learners, interval, duration', `${LEARNERS}, ${INTERVAL_MS / 1000} s, ${DURATION_MS / 1000} s`],
  ['reports recorded (204)', `${postedTotal} (${(postedTotal / (DURATION_MS / 1000)).toFixed(1)}/s)`],
  ['reports refused', failures.size === 0 ? '0' : [...failures].map(([s, n]) => `${n} × HTTP ${s}`).join(', ')],
  ['POST latency p50 / p95 / max', `${fmt(percentile(postLatency, 50))} / ${fmt(percentile(postLatency, 95))} / ${fmt(Math.max(...postLatency))}`],
  ['lost on the room stream', `${lostOnStream} of ${postedTotal}`],
  ['room stream latency p50 / p95 / max', `${fmt(percentile(streamLatency, 50))} / ${fmt(percentile(streamLatency, 95))} / ${fmt(Math.max(...streamLatency))}`],
  ['rows not at their last report (Redis)', `${staleInRedis} of ${LEARNERS}`],
  ['rows not at their last report (page)', page ? `${staleOnPage} of ${LEARNERS}` : 'not checked'],
  ['page: post → cell shows it, p50 / max', page ? `${fmt(percentile(pageSamples, 50))} / ${fmt(Math.max(...pageSamples))} (${pageSamples.length} probes)` : 'not checked'],
  ['page redraws', page ? `${renders} (${(renders / (DURATION_MS / 1000)).toFixed(1)}/s)` : 'not checked'],
  ['classroom RSS at start', `${rss[0]!.mb.toFixed(0)} MB`],
  ['classroom RSS after 10 s: min / max', `${Math.min(...mbs).toFixed(0)} / ${Math.max(...mbs).toFixed(0)} MB (${mbs.length} samples, every 2 s)`],
  ['RSS median, first → last third', `${early.toFixed(0)} → ${late.toFixed(0)} MB: ${flat ? 'flat' : 'GROWING'}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nclassroom bench (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
const ok = lostOnStream === 0 && staleInRedis === 0 && (!page || staleOnPage === 0) && failures.size === 0;
console.log(ok ? '\nno lost update: every recorded report reached the room stream and the page' : '\nUPDATES WERE LOST: see above');
if (!flat) console.log('the classroom\'s memory grew: run longer (--duration 300) to see whether it levels off');
process.exitCode = ok ? 0 : 1;
