// Serving benchmark: autocannon, 64 connections, same duration per scenario, against an Express no-op baseline.
// Usage: npm run bench:serving [-- --duration 5 --connections 64 --slice 1]
// All scenario servers start first (child processes); then the scenarios take turns in 1-second slices
// (rotating the order) until each has had `duration` seconds, so background load on a shared machine hits
// all of them alike.
// req/s = all answered requests / measured time; p50/p99 over every response of the scenario.
// Exits 1 when any scenario had an error, a timeout or a non-2xx answer (the package's load test).

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '64' }, slice: { type: 'string', default: '1' } },
});
const duration = Number(values.duration);
const slice = Number(values.slice);
const slices = Math.max(1, Math.round(duration / slice));
const connections = Number(values.connections);

const wine = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const rowsBody = (rows: number): string => {
  const data: number[] = [];
  for (let r = 0; r < rows; r += 1) for (const v of wine) data.push(+(v * (1 + r / 500)).toFixed(4));
  return JSON.stringify({ inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data }] });
};

interface Scenario {
  readonly label: string;
  readonly mode: 'noop' | 'noop-json' | 'infer-off' | 'infer-on';
  readonly path: string;
  readonly rows: number;
}
const INFER = '/v2/models/wine-quality/infer';
const scenarios: Scenario[] = [
  { label: 'Express no-op POST, same body parsing (baseline)', mode: 'noop', path: '/noop', rows: 1 },
  { label: 'Express no-op POST with express.json()', mode: 'noop-json', path: '/noop', rows: 1 },
  { label: 'infer 1 row, batching off', mode: 'infer-off', path: INFER, rows: 1 },
  { label: 'infer 1 row, batching on', mode: 'infer-on', path: INFER, rows: 1 },
  { label: 'infer 64 rows, batching on', mode: 'infer-on', path: INFER, rows: 64 },
  { label: 'infer 64 rows, batching off', mode: 'infer-off', path: INFER, rows: 64 },
  { label: 'infer 1024 rows, batching on', mode: 'infer-on', path: INFER, rows: 1024 },
];

async function startServer(mode: string): Promise<{ port: number; child: ChildProcess }> {
  const server = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', server, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { port: Number(chunk.toString().trim()), child };
}

/** One autocannon run; resolves to its counts and every response time (ms). */
function run(opts: autocannon.Options): Promise<{ result: autocannon.Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, latencies })));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

interface Tally {
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
}

const servers = await Promise.all(scenarios.map((s) => startServer(s.mode)));
const optsOf = (i: number, seconds: number): autocannon.Options => ({
  url: `http://127.0.0.1:${servers[i]!.port}${scenarios[i]!.path}`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: rowsBody(scenarios[i]!.rows),
  connections,
  duration: seconds,
});
for (const i of scenarios.keys()) await run(optsOf(i, 1)); // warm-up: JIT, sessions, sockets
const tallies: Tally[] = scenarios.map(() => ({ requests: 0, seconds: 0, errors: 0, latencies: [] }));
for (let k = 0; k < slices; k += 1) {
  // Rotate the starting scenario each slice so no scenario always follows the same one.
  for (const j of scenarios.keys()) {
    const i = (j + k) % scenarios.length;
    const started = performance.now();
    const { result, latencies } = await run(optsOf(i, slice));
    const t = tallies[i]!;
    t.seconds += (performance.now() - started) / 1000;
    t.requests += result.requests.total;
    t.errors += result.errors + result.timeouts + result.non2xx;
    for (const l of latencies) t.latencies.push(l);
  }
  process.stderr.write(`slice ${k + 1}/${slices} done\n`);
}
for (const { child } of servers) child.kill('SIGTERM');
await Promise.all(servers.map(({ child }) => once(child, 'exit')));

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const results = scenarios.map((s, i) => {
  const t = tallies[i]!;
  const sorted = Float64Array.from(t.latencies).sort();
  const reqPerSec = t.requests / t.seconds;
  return { label: s.label, reqPerSec, p50: percentile(Array.from(sorted), 50), p99: percentile(Array.from(sorted), 99), rowsPerSec: reqPerSec * s.rows, errors: t.errors };
});

const base = results[0]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => n.toFixed(1);
console.log(`\n${connections} connections, ${duration} s per scenario in ${slices} interleaved slices, Node ${process.version}, ${availableParallelism()} cores\n`);
console.log('| scenario | req/s | p50 ms | p99 ms | rows/s | req/s vs baseline | p99 vs baseline | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${fmt(r.reqPerSec)} | ${ms(r.p50)} | ${ms(r.p99)} | ${fmt(r.rowsPerSec)} | ${((r.reqPerSec / base.reqPerSec) * 100).toFixed(0)}% | ${(r.p99 / base.p99).toFixed(2)}x | ${r.errors} |`,
  );
}
const single = results[3]!;
const multi = results[4]!;
const big = results[6]!;
console.log('\nGoals: single-row >= 85% of baseline req/s, p99 <= 2x baseline, multi-row >= 1M rows/s');
console.log(`  single-row (batching on): ${((single.reqPerSec / base.reqPerSec) * 100).toFixed(0)}% req/s, p99 ${(single.p99 / base.p99).toFixed(2)}x`);
console.log(`  64-row (batching on): ${fmt(multi.rowsPerSec)} rows/s; 1024-row: ${fmt(big.rowsPerSec)} rows/s`);
const failed = results.filter((r) => r.errors > 0);
if (failed.length > 0) {
  // The bench is also the long load test: any socket error, timeout or non-2xx answer under load fails it.
  console.error(`\nerrors under load: ${failed.map((r) => `${r.label}: ${r.errors}`).join('; ')}`);
  process.exitCode = 1;
}
