// Load driver of the serving benchmarks: child servers, autocannon slices taken in turns, CPU per process, medians and spreads.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Mode } from './modes';

/** A server child process: its port and pid. */
export interface BenchServer {
  readonly mode: Mode;
  readonly port: number;
  readonly child: ChildProcess;
}

/** Starts `bench-server.ts <mode>` and waits for its port. */
export async function startServer(mode: Mode): Promise<BenchServer> {
  const server = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', server, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { mode, port: Number(chunk.toString().trim()), child };
}

/** Stops the servers and waits for them to exit. */
export async function stopServers(servers: readonly BenchServer[]): Promise<void> {
  for (const { child } of servers) child.kill('SIGTERM');
  await Promise.all(servers.map(({ child }) => (child.exitCode === null ? once(child, 'exit') : undefined)));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the ")" of the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One load scenario: which server, what request, how many rows it carries. */
export interface Scenario {
  readonly label: string;
  readonly server: BenchServer;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
  readonly rows: number;
}

/** What one slice of one scenario measured. */
export interface Slice {
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU of the server process over the slice, in % of one core. */
  readonly serverCpu: number;
  /** CPU of this (autocannon) process over the slice, in % of one core. */
  readonly clientCpu: number;
  readonly errors: number;
  readonly bytesPerResponse: number;
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Runs one scenario for `seconds` with `connections` keep-alive connections and measures it. */
export async function runSlice(s: Scenario, seconds: number, connections: number): Promise<Slice> {
  const latencies: number[] = [];
  const serverBefore = cpuSecondsOf(s.server.child.pid!);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${s.server.port}${s.path}`, method: 'POST', headers: s.headers, body: s.body, connections, duration: seconds },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const sorted = Float64Array.from(latencies).sort();
  return {
    reqPerSec: result.requests.total / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    serverCpu: ((cpuSecondsOf(s.server.child.pid!) - serverBefore) / elapsed) * 100,
    clientCpu: ((client.user + client.system) / 1e6 / elapsed) * 100,
    errors: result.errors + result.timeouts + result.non2xx,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
  };
}

/**
 * Runs every scenario `slices` times for `sliceSeconds` each, taking turns (the starting scenario rotates
 * each round), after a warm-up slice each; so background load on a shared machine hits all scenarios alike.
 */
export async function interleave(scenarios: readonly Scenario[], opts: { slices: number; sliceSeconds: number; connections: number; warmupSeconds?: number }): Promise<Slice[][]> {
  for (const s of scenarios) await runSlice(s, opts.warmupSeconds ?? 1, opts.connections); // JIT, sessions, sockets
  const results: Slice[][] = scenarios.map(() => []);
  for (let k = 0; k < opts.slices; k += 1) {
    for (const j of scenarios.keys()) {
      const i = (j + k) % scenarios.length;
      results[i]!.push(await runSlice(scenarios[i]!, opts.sliceSeconds, opts.connections));
    }
    process.stderr.write(`round ${k + 1}/${opts.slices} done\n`);
  }
  return results;
}

/** Median, min and max of numbers. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** `12,345 (11,900-12,800)` for a median and its range. */
export function fmtSpread(values: readonly number[], digits = 0): string {
  const { median, min, max } = spread(values);
  const f = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(median)} (${f(min)}-${f(max)})`;
}

/** A v2 infer body of `rows` plausible wines, as JSON text. */
export function jsonInferBody(rows: number): string {
  return JSON.stringify({ inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data: wineRows(rows) }] });
}

/** The same rows with the binary tensor data extension (binary input, binary outputs): body and headers. */
export function binaryInferRequest(rows: number): { body: Buffer; headers: Record<string, string> } {
  const header = Buffer.from(
    JSON.stringify({
      inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', parameters: { binary_data_size: rows * 44 } }],
      parameters: { binary_data_output: true },
    }),
  );
  const values = Float32Array.from(wineRows(rows));
  return {
    body: Buffer.concat([header, Buffer.from(values.buffer)]),
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
  };
}

function wineRows(rows: number): number[] {
  const wine = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
  const data: number[] = [];
  for (let r = 0; r < rows; r += 1) for (const v of wine) data.push(+(v * (1 + r / 500)).toFixed(4));
  return data;
}
