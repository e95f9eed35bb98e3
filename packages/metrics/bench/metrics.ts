// Metrics cost benchmark: the API as apps/api composes it with METRICS=on and METRICS=off, in ONE run, in alternating slices.
// Usage: npm run bench:metrics [-- --rounds 5 --seconds 2 --connections 64 --processes 1 --modes off,observer,per-call,on,shipped]
// Each API runs in its own child process (bench/api-server.ts, LOG_LEVEL=warn: no request log, the same for all);
// autocannon drives them from this process, taking turns (the starting API rotates each round) so background load hits all
// alike. METRICS=on runs with live drift off (DRIFT_LIVE=off), so it measures the metrics alone; a third API,
// METRICS=off with an observer that does nothing, shows what the data plane's instrumentation costs by itself (the
// serving package's side of the bill); a fourth records the same metrics with a prom-client call per event (the
// baseline the tallies replaced: bench/per-call-observer.ts); a fifth runs as shipped (metrics and lab 06's live drift).
// Scenarios: a 1-row v2 infer request (the data plane: observer) and GET /healthz (an Express route: middleware).
// Per scenario and API: median and min-max of req/s and p99 over the rounds; the goal is <= 5% cost for each. The CPU
// cost is also given per round (each API's slice against METRICS=off's slice of the same round). Server processes of one
// configuration differ by a few µs of CPU per request from each other (JIT, memory layout): --processes N starts N of
// each and pools their slices.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    processes: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'off,observer,per-call,on,shipped' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const processes = Number(values.processes);
const ALL_MODES = ['off', 'observer', 'per-call', 'on', 'shipped'] as const;
const modes = ALL_MODES.filter((m) => values.modes.split(',').includes(m));
if (!modes.includes('off')) throw new Error('--modes must include off (the reference)');
const SERVER = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

type Mode = 'on' | 'off' | 'observer' | 'per-call' | 'shipped';

interface Api {
  readonly metrics: Mode;
  readonly port: number;
  readonly child: ChildProcess;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function startApi(metrics: Mode): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, metrics, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API (METRICS=${metrics}) exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/v2/health/ready`).then((r) => r.ok, () => false);
    if (ready) return { metrics, port, child };
    if (Date.now() > deadline) throw new Error(`the API (METRICS=${metrics}) was not ready within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Scenario {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}
const scenarios: Scenario[] = [
  { label: 'v2 infer, 1 row (data plane)', method: 'POST', path: '/v2/models/wine-quality/infer', body: JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: WINE }] }) },
  { label: 'GET /healthz (Express route)', method: 'GET', path: '/healthz' },
];

interface Slice {
  readonly reqPerSec: number;
  readonly p99: number;
  /** Server CPU (user + system) per answered request, in µs: less sensitive to other load than req/s. */
  readonly cpuMicros: number;
  readonly errors: number;
}

/** CPU seconds a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function slice(api: Api, s: Scenario, duration: number): Promise<Slice> {
  const cpuBefore = cpuSecondsOf(api.child.pid!);
  const result = await autocannon({
    url: `http://127.0.0.1:${api.port}${s.path}`,
    method: s.method,
    headers: { 'content-type': 'application/json' },
    ...(s.body ? { body: s.body } : {}),
    connections,
    duration,
  });
  const cpuMicros = ((cpuSecondsOf(api.child.pid!) - cpuBefore) / result.requests.total) * 1e6;
  return { reqPerSec: result.requests.total / duration, p99: result.latency.p99, cpuMicros, errors: result.errors + result.timeouts + result.non2xx };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const spread = (xs: readonly number[], digits = 0): string => {
  const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(median(xs))} (${f(Math.min(...xs))}-${f(Math.max(...xs))})`;
};

const loadAtStart = loadavg()[0]!;
const apis: Api[] = [];
for (let p = 0; p < processes; p += 1) for (const mode of modes) apis.push(await startApi(mode));
const results = new Map<string, Slice[]>();
try {
  for (const s of scenarios) for (const api of apis) await slice(api, s, 1); // warm-up: JIT, sessions, sockets
  for (let k = 0; k < rounds; k += 1) {
    for (const s of scenarios) {
      const order = apis.map((_, j) => apis[(j + k) % apis.length]!);
      for (const api of order) {
        const key = `${s.label}|${api.metrics}`;
        results.set(key, [...(results.get(key) ?? []), await slice(api, s, seconds)]);
      }
    }
    process.stderr.write(`round ${k + 1}/${rounds} done\n`);
  }
} finally {
  for (const api of apis) api.child.kill('SIGTERM');
  await Promise.all(apis.map((a) => (a.child.exitCode === null ? once(a.child, 'exit') : undefined)));
}

console.log(
  `\n${connections} connections, ${rounds} rounds of ${seconds} s per scenario and API process (alternating), ${processes} process(es) per API, Node ${process.version}, ` +
    `${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end\n`,
);
console.log('| scenario | API | req/s median (min-max) | p99 ms median (min-max) | server CPU µs/request | req/s cost | p99 cost | CPU cost | CPU cost per round, median (min-max) | errors | goal (<= 5% req/s and p99) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
let failed = false;
const label = { off: 'METRICS=off', observer: 'METRICS=off, empty observer', 'per-call': 'prom-client on every call (baseline)', on: 'METRICS=on, DRIFT_LIVE=off', shipped: 'as shipped (metrics and live drift)' } as const;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cpu = (xs: Slice[]) => median(xs.map((x) => x.cpuMicros));
for (const s of scenarios) {
  const off = results.get(`${s.label}|off`)!;
  for (const mode of modes) {
    const r = results.get(`${s.label}|${mode}`)!;
    if (r.some((x) => x.errors > 0)) failed = true;
    const errors = r.reduce((n, x) => n + x.errors, 0);
    const row = `| ${s.label} | ${label[mode]} | ${spread(r.map((x) => x.reqPerSec))} | ${spread(r.map((x) => x.p99), 1)} | ${cpu(r).toFixed(1)} |`;
    if (mode === 'off') {
      console.log(`${row} | | | | ${errors} | |`);
      continue;
    }
    const rpsCost = 1 - median(r.map((x) => x.reqPerSec)) / median(off.map((x) => x.reqPerSec));
    const p99Cost = median(r.map((x) => x.p99)) / median(off.map((x) => x.p99)) - 1;
    const cpuCost = cpu(r) / cpu(off) - 1;
    // The same round's slices ran seconds apart: their ratio is less exposed to the machine's other load (each mode has
    // `processes` slices per round, in the same rotation, so the i-th slices of two modes are from the same round).
    const perRound = r.map((x, k) => x.cpuMicros / off[k]!.cpuMicros - 1);
    const paired = `${pct(median(perRound))} (${pct(Math.min(...perRound))} to ${pct(Math.max(...perRound))})`;
    const goal = mode === 'on' ? (rpsCost <= 0.05 && p99Cost <= 0.05 ? 'met' : 'NOT met') : '';
    console.log(`${row} ${pct(rpsCost)} | ${pct(p99Cost)} | ${pct(cpuCost)} | ${paired} | ${errors} | ${goal} |`);
  }
}
process.exitCode = failed ? 1 : 0;
