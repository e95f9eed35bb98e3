// Serving benchmark: autocannon, 64 connections, same duration per scenario, against an Express no-op baseline.
// Usage: npm run bench:serving [-- --duration 5 --connections 64 --rounds 1]
// With --rounds N the scenarios run N times interleaved (each for duration/N s) and the median round is
// reported: fairer on a machine whose background load changes during the run.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '64' }, rounds: { type: 'string', default: '1' } },
});
const duration = Number(values.duration);
const rounds = Math.max(1, Number(values.rounds));
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

interface Row {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  rowsPerSec: number;
  errors: number;
}

async function measure(s: Scenario, seconds: number): Promise<Row> {
  const { port, child } = await startServer(s.mode);
  const opts = {
    url: `http://127.0.0.1:${port}${s.path}`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: rowsBody(s.rows),
    connections,
  };
  await autocannon({ ...opts, duration: 1 }); // warm-up: JIT, session, sockets
  const r = await autocannon({ ...opts, duration: seconds });
  child.kill('SIGTERM');
  await once(child, 'exit');
  return {
    label: s.label,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    rowsPerSec: r.requests.average * s.rows,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

const runs: Row[][] = scenarios.map(() => []);
for (let round = 0; round < rounds; round += 1) {
  for (const [i, s] of scenarios.entries()) {
    runs[i]!.push(await measure(s, duration / rounds));
    process.stderr.write(`round ${round + 1}/${rounds} done: ${s.label}\n`);
  }
}
/** The round with the median req/s (its own latencies, so p50/p99 stay a real measurement). */
const results: Row[] = runs.map((rs) => {
  const sorted = [...rs].sort((a, b) => a.reqPerSec - b.reqPerSec);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, errors: rs.reduce((n, r) => n + r.errors, 0) };
});

const base = results[0]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`\n${connections} connections, ${duration} s per scenario${rounds > 1 ? ` (median of ${rounds} interleaved rounds)` : ''}, Node ${process.version}, ${availableParallelism()} cores\n`);
console.log('| scenario | req/s | p50 ms | p99 ms | rows/s | req/s vs baseline | p99 vs baseline | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${fmt(r.reqPerSec)} | ${r.p50} | ${r.p99} | ${fmt(r.rowsPerSec)} | ${((r.reqPerSec / base.reqPerSec) * 100).toFixed(0)}% | ${(r.p99 / base.p99).toFixed(2)}x | ${r.errors} |`,
  );
}
const single = results[3]!;
const multi = results[4]!;
const big = results[6]!;
console.log('\nGoals: single-row >= 85% of baseline req/s, p99 <= 2x baseline, multi-row >= 1M rows/s');
console.log(`  single-row (batching on): ${((single.reqPerSec / base.reqPerSec) * 100).toFixed(0)}% req/s, p99 ${(single.p99 / base.p99).toFixed(2)}x`);
console.log(`  64-row (batching on): ${fmt(multi.rowsPerSec)} rows/s; 1024-row: ${fmt(big.rowsPerSec)} rows/s`);
