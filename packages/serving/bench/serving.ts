// Serving benchmark: the floor (bare node:http JSON echo), an Express no-op and every infer scenario of the API as
// shipped (1, 64, 1024 rows; JSON and binary tensors; batching on and off), in ONE run, in alternating slices.
// Usage: npm run bench:serving [-- --rounds 5 --seconds 1 --connections 64]
// Each server runs in its own child process (the infer ones are the API's composition: data plane in front of
// Express, request log to /dev/null); autocannon drives them from this process, one scenario at a time, taking turns
// (the starting scenario rotates each round) so background load hits all alike. Per scenario: median and min-max of
// the rounds' req/s and p99, rows/s, CPU of the server process and of the load generator (% of one core).
// Exits 1 when any request errs, times out or gets a non-2xx answer (it is also the package's long load test).

import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { binaryInferRequest, fmtSpread, interleave, jsonInferBody, spread, startServer, stopServers, type Scenario, type Slice } from './load-driver';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '1' }, connections: { type: 'string', default: '64' } },
});
const connections = Number(values.connections);
const INFER = '/v2/models/wine-quality/infer';
const JSON_HEADERS = { 'content-type': 'application/json' };

const loadAtStart = loadavg()[0]!;
const [echo, noop, on, off] = await Promise.all((['echo', 'express-noop', 'plane-on', 'plane-off'] as const).map(startServer));
const scenarios: Scenario[] = [
  { label: 'bare node:http JSON echo, 1-row body (the floor)', server: echo!, path: '/echo', headers: JSON_HEADERS, body: jsonInferBody(1), rows: 1 },
  { label: 'Express 5 no-op POST with express.json(), 1-row body', server: noop!, path: '/noop', headers: JSON_HEADERS, body: jsonInferBody(1), rows: 1 },
];
for (const rows of [1, 64, 1024]) {
  for (const [batching, server] of [['on', on!], ['off', off!]] as const) {
    scenarios.push({ label: `infer ${rows} row${rows > 1 ? 's' : ''}, JSON, batching ${batching}`, server, path: INFER, headers: JSON_HEADERS, body: jsonInferBody(rows), rows });
    const binary = binaryInferRequest(rows);
    scenarios.push({ label: `infer ${rows} row${rows > 1 ? 's' : ''}, binary, batching ${batching}`, server, path: INFER, headers: binary.headers, body: binary.body, rows });
  }
}

let results: Slice[][];
try {
  results = await interleave(scenarios, { slices: Number(values.rounds), sliceSeconds: Number(values.seconds), connections });
} finally {
  await stopServers([echo!, noop!, on!, off!]);
}
const loadAtEnd = loadavg()[0]!;

const median = (i: number, f: (s: Slice) => number): number => spread(results[i]!.map(f)).median;
const floorRps = median(0, (s) => s.reqPerSec);
const floorP99 = median(0, (s) => s.p99);
/** Server CPU time per answered request, in µs: what a request costs, however much CPU the machine gave the server. */
const cpuPerRequest = (i: number): number => median(i, (s) => (s.serverCpu / 100 / s.reqPerSec) * 1e6);
const indexOf = (label: string): number => scenarios.findIndex((s) => s.label === label);

/** Goals of the issue, next to the figure they apply to. */
const goals = new Map<number, { text: string; met: boolean }>();
const oneRow = indexOf('infer 1 row, JSON, batching on');
const oneRowShare = median(oneRow, (s) => s.reqPerSec) / floorRps;
const oneRowP99 = median(oneRow, (s) => s.p99) / floorP99;
goals.set(oneRow, {
  text: `>= 50% of the floor's req/s and p99 <= 2x: ${(oneRowShare * 100).toFixed(0)}%, ${oneRowP99.toFixed(2)}x (server CPU per request: ${cpuPerRequest(oneRow).toFixed(0)} µs vs the floor's ${cpuPerRequest(0).toFixed(0)} µs, ${((cpuPerRequest(0) / cpuPerRequest(oneRow)) * 100).toFixed(0)}%)`,
  met: oneRowShare >= 0.5 && oneRowP99 <= 2,
});
for (const [label, target] of [
  ['infer 64 rows, JSON, batching on', 1e6],
  ['infer 1024 rows, JSON, batching on', 2e6],
  ['infer 1024 rows, binary, batching on', 5e6],
] as const) {
  const i = indexOf(label);
  const rowsPerSec = median(i, (s) => s.reqPerSec) * scenarios[i]!.rows;
  const perCore = (scenarios[i]!.rows / cpuPerRequest(i)) * 1e6;
  goals.set(i, { text: `>= ${target / 1e6}M rows/s: ${(rowsPerSec / 1e6).toFixed(2)}M (${(perCore / 1e6).toFixed(2)}M rows per second of server CPU)`, met: rowsPerSec >= target });
}

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `\n${connections} connections, ${values.rounds} rounds of ${values.seconds} s per scenario (alternating), Node ${process.version}, ` +
    `${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at the start and ${loadAtEnd.toFixed(1)} at the end\n`,
);
console.log('| scenario | req/s median (min-max) | vs floor | rows/s | p50 ms | p99 ms median (min-max) | p99 vs floor | server CPU % | server CPU µs per request | load generator CPU % | bytes/answer | errors | goal |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
scenarios.forEach((s, i) => {
  const r = results[i]!;
  const rps = median(i, (x) => x.reqPerSec);
  const goal = goals.get(i);
  console.log(
    `| ${s.label} | ${fmtSpread(r.map((x) => x.reqPerSec))} | ${((rps / floorRps) * 100).toFixed(0)}% | ${f0(rps * s.rows)} | ${median(i, (x) => x.p50).toFixed(1)} | ` +
      `${fmtSpread(r.map((x) => x.p99), 1)} | ${(median(i, (x) => x.p99) / floorP99).toFixed(2)}x | ${median(i, (x) => x.serverCpu).toFixed(0)} | ${cpuPerRequest(i).toFixed(0)} | ` +
      `${median(i, (x) => x.clientCpu).toFixed(0)} | ${f0(median(i, (x) => x.bytesPerResponse))} | ${r.reduce((n, x) => n + x.errors, 0)} | ` +
      `${goal ? `${goal.met ? 'met' : 'NOT met'}: ${goal.text}` : ''} |`,
  );
});
console.log('\nGoals (ratios in this run):');
for (const [i, g] of goals) console.log(`  ${g.met ? 'met    ' : 'NOT met'}  ${scenarios[i]!.label}: ${g.text}`);
if (loadAtStart > 1 || loadAtEnd > 1) console.log(`  (the machine was busy: load average ${loadAtStart.toFixed(1)} / ${loadAtEnd.toFixed(1)}; compare ratios, not absolute figures)`);
const failed = scenarios.filter((_, i) => results[i]!.some((x) => x.errors > 0));
if (failed.length > 0) {
  console.error(`\nerrors under load: ${failed.map((s) => s.label).join('; ')}`);
  process.exitCode = 1;
}
