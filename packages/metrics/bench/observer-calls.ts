// The metrics' own cost per 1-row infer request: the observer's four calls, shipped (tallies) vs a prom-client call per event.
// Usage: npm run bench:calls -w @mlops/metrics [-- --runs 9]
// One process, no I/O: each run times 200,000 requests' worth of calls (onResponse, onInfer, onRun, onScored as the data
// plane makes them for a 1-row request that runs alone) for each observer, taking turns; prints min/median/max CPU ns per
// request. The empty observer's row is the loop itself (the events' objects): subtract it from the others.

import { parseArgs } from 'node:util';
import { createHttpMetrics } from '../src/http-metrics';
import type { InferenceEvents } from '../src/inference-events';
import { createInferenceMetricsObserver } from '../src/inference-metrics';
import { createMetricsRegistry } from '../src/metrics-registry';
import { createPerCallObserver } from './per-call-observer';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const REQUESTS = 200_000;
const labels = ['3', '4', '5', '6', '7', '8'];
const features = new Float32Array(11);
const model = 'wine-quality';
const version = '1';

/** Calls `o` as the data plane does for `n` 1-row requests; returns CPU ns per request (not wall time: the machine may be shared). */
function time(o: InferenceEvents, n: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 1) {
    const predicted = new Uint32Array(1);
    predicted[0] = i % 6;
    const seconds = 0.0002 + (i & 15) * 0.00002;
    o.onRun!({ model, version, rows: 1, queueSeconds: seconds / 4, computeSeconds: seconds / 2 });
    o.onScored!({ model, version, features, featureCount: 11, rows: 1, predicted, labels });
    o.onInfer!({ model, version, outcome: 'success', rows: 1, seconds });
    o.onResponse!({ method: 'POST', route: '/v2/models/:name/infer', status: 200, seconds });
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n;
}

const shippedRegistry = createMetricsRegistry({ defaultMetrics: false });
const observers: Record<string, InferenceEvents> = {
  'shipped (tallies)': createInferenceMetricsObserver(shippedRegistry, createHttpMetrics(shippedRegistry)),
  'prom-client call per event': createPerCallObserver(),
  'empty observer': { onResponse() {}, onInfer() {}, onRun() {}, onScored() {} },
};
const results = new Map<string, number[]>();
for (const o of Object.values(observers)) time(o, REQUESTS); // warm-up
for (let k = 0; k < runs; k += 1) {
  const names = Object.keys(observers);
  for (let j = 0; j < names.length; j += 1) {
    const name = names[(j + k) % names.length]!;
    results.set(name, [...(results.get(name) ?? []), time(observers[name]!, REQUESTS)]);
  }
}
await shippedRegistry.metrics(); // a scrape hands the tallies over (not timed)

console.log(`\n${runs} runs of ${REQUESTS.toLocaleString('en-US')} 1-row requests' observer calls, Node ${process.version}\n`);
console.log('| observer | ns per request: min | median | max |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of results) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`| ${name} | ${s[0]!.toFixed(0)} | ${s[s.length >> 1]!.toFixed(0)} | ${s[s.length - 1]!.toFixed(0)} |`);
}
