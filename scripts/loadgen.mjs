#!/usr/bin/env node
// Steady v2 infer traffic from a wine CSV (the compose `loadgen` profile, or by hand):
// node --import tsx scripts/loadgen.mjs --url http://127.0.0.1:8080 --csv packages/dataset/data/winequality-white.csv --rate 50
// Prints one JSON line of counts and latencies every --every seconds, and a summary at the end.
import { parseArgs } from 'node:util';
import { readWineCsv } from '@mlops/dataset';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:8080' },
    csv: { type: 'string', default: 'packages/dataset/data/winequality-red.csv' },
    model: { type: 'string', default: 'wine-quality' },
    rate: { type: 'string', default: '20' },
    rows: { type: 'string', default: '1' },
    duration: { type: 'string', default: '0' },
    every: { type: 'string', default: '5' },
  },
});

const rate = Number(opts.rate);
const rowsPerRequest = Number(opts.rows);
const durationS = Number(opts.duration);
const everyS = Number(opts.every);
for (const [name, value, min] of [['--rate', rate, 0.1], ['--rows', rowsPerRequest, 1], ['--duration', durationS, 0], ['--every', everyS, 0.1]]) {
  if (!Number.isFinite(value) || value < min || (name === '--rows' && !Number.isInteger(value))) {
    console.error(`loadgen: ${name} must be a number >= ${min}`);
    process.exit(2);
  }
}

const wines = await readWineCsv(opts.csv);
const endpoint = `${opts.url.replace(/\/$/, '')}/v2/models/${encodeURIComponent(opts.model)}/infer`;
let next = 0;
let window = { ok: 0, failed: 0, latencies: [] };
const total = { sent: 0, ok: 0, failed: 0 };
const errors = new Map();

function body() {
  const data = [];
  for (let i = 0; i < rowsPerRequest; i++) data.push(...wines[next++ % wines.length].features);
  return JSON.stringify({ inputs: [{ name: 'features', shape: [rowsPerRequest, data.length / rowsPerRequest], datatype: 'FP32', data }] });
}

async function send() {
  total.sent++;
  const started = performance.now();
  try {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(), signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    window.ok++;
    total.ok++;
    window.latencies.push(performance.now() - started);
  } catch (error) {
    window.failed++;
    total.failed++;
    const key = error.message;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
}

const quantile = (sorted, q) => (sorted.length === 0 ? null : Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1)));
function report() {
  const sorted = window.latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({ time: new Date().toISOString(), ok: window.ok, failed: window.failed, p50_ms: quantile(sorted, 0.5), p99_ms: quantile(sorted, 0.99) }));
  window = { ok: 0, failed: 0, latencies: [] };
}

console.log(`loadgen: ${rate} req/s of ${rowsPerRequest} row(s) from ${opts.csv} (${wines.length} wines) to ${endpoint}${durationS ? ` for ${durationS} s` : ' until stopped'}`);
const inFlight = new Set();
const timer = setInterval(() => {
  const p = send().finally(() => inFlight.delete(p));
  inFlight.add(p);
}, 1000 / rate);
const reporter = setInterval(report, everyS * 1000);

async function stop() {
  clearInterval(timer);
  clearInterval(reporter);
  await Promise.all(inFlight);
  report();
  console.log(JSON.stringify({ summary: total, errors: Object.fromEntries(errors) }));
  process.exit(total.failed > 0 ? 1 : 0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
if (durationS > 0) setTimeout(stop, durationS * 1000);
