// Where the time of a 1-row infer request goes: one layer at a time, from a bare node:http echo to the API's composition.
// Usage: npx tsx bench/layers.ts [--seconds 2 --rounds 3 --connections 64]
// Each configuration runs in its own child process; autocannon drives them in turns. The server CPU per request
// (CPU time of the server process / requests answered) is the cost of what that configuration does; the difference
// between two rows is the cost of the layer that differs.

import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { buildInferResponse, inferResponseToJson, ModelRegistry, parseInferBody, parseInferRequest } from '../src/index';
import { MODES, type Mode } from './modes';
import { fmtSpread, interleave, jsonInferBody, spread, startServer, stopServers, type Scenario } from './load-driver';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '64' } },
});
const connections = Number(values.connections);
const LAYERS: { mode: Mode; path: string }[] = [
  { mode: 'echo', path: '/echo' },
  { mode: 'echo-id-log', path: '/echo' },
  { mode: 'express-noop', path: '/noop' },
  { mode: 'express-ctx', path: '/noop' },
  { mode: 'plane-nolog-off', path: '/v2/models/wine-quality/infer' },
  { mode: 'plane-nolog-on', path: '/v2/models/wine-quality/infer' },
  { mode: 'plane-log-on', path: '/v2/models/wine-quality/infer' },
  { mode: 'plane-on', path: '/v2/models/wine-quality/infer' },
  { mode: 'plane-observed-on', path: '/v2/models/wine-quality/infer' },
  { mode: 'api-express-on', path: '/v2/models/wine-quality/infer' },
];

const load = loadavg()[0]!;
const servers = await Promise.all(LAYERS.map((l) => startServer(l.mode)));
const body = jsonInferBody(1);
const scenarios: Scenario[] = LAYERS.map((l, i) => ({ label: MODES[l.mode], server: servers[i]!, path: l.path, headers: { 'content-type': 'application/json' }, body, rows: 1 }));
let results;
try {
  results = await interleave(scenarios, { slices: Number(values.rounds), sliceSeconds: Number(values.seconds), connections });
} finally {
  await stopServers(servers);
}

const floor = spread(results[0]!.map((s) => s.reqPerSec)).median;
const cpuPerRequest = (i: number): number => spread(results[i]!.map((s) => (s.serverCpu / 100 / s.reqPerSec) * 1e6)).median;
console.log(`\n1-row requests, ${connections} connections, ${values.rounds} rounds of ${values.seconds} s, Node ${process.version}, ${availableParallelism()} cores, load average ${load.toFixed(1)} at the start\n`);
console.log('| configuration | req/s median (min-max) | vs floor | p99 ms | server CPU % | server CPU µs per request | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
scenarios.forEach((s, i) => {
  const r = results[i]!;
  const rps = spread(r.map((x) => x.reqPerSec)).median;
  console.log(
    `| ${s.label} | ${fmtSpread(r.map((x) => x.reqPerSec))} | ${((rps / floor) * 100).toFixed(0)}% | ${spread(r.map((x) => x.p99)).median.toFixed(1)} | ${spread(r.map((x) => x.serverCpu)).median.toFixed(0)} | ${cpuPerRequest(i).toFixed(0)} | ${r.reduce((n, x) => n + x.errors, 0)} |`,
  );
});
const cost = (a: number, b: number): string => `${(cpuPerRequest(b) - cpuPerRequest(a)).toFixed(0)} µs`;
console.log('\nCost of each layer (difference in server CPU per request):');
console.log(`  request id + a log line per request (bare node:http): ${cost(0, 1)}`);
console.log(`  Express instead of node:http (router, req/res wrappers, express.json, res.json): ${cost(0, 2)}`);
console.log(`  pino-http request context on Express (id, child logger, log line): ${cost(2, 3)}`);
console.log(`  infer on the data plane, batching off (parse, check, onnxruntime run, encode) over the floor: ${cost(0, 4)}`);
console.log(`  micro-batching on (one run for many requests) vs off: ${cost(4, 5)}`);
console.log(`  a log line per request on the data plane: ${cost(5, 6)}`);
console.log(`  the API's composition (data plane in front of Express, its request log) vs the plane without a log: ${cost(5, 7)}`);
console.log(`  an InferenceObserver on every callback (counters): ${cost(7, 8)}`);
console.log(`  the same infer route on the API's Express app instead of the data plane: ${cost(7, 9)}`);

// The infer work of one 1-row request, step by step, in this process (no HTTP, no batching).
const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
const model = registry.get('wine-quality')!;
const raw = Buffer.from(body);
const limits = { maxRows: 1024 };
const parsed = parseInferBody(raw);
const request = parseInferRequest(parsed, model.signature, limits);
const probabilities = await model.score(request.features, 1);
const response = buildInferResponse(model, request, probabilities);
/** Mean µs of `step` over a timed loop, after a warm-up loop. */
async function timeStep(step: () => unknown): Promise<number> {
  const n = 20_000;
  for (let i = 0; i < n / 4; i += 1) await step();
  const started = performance.now();
  for (let i = 0; i < n; i += 1) await step();
  return ((performance.now() - started) / n) * 1000;
}
const steps: [string, () => unknown][] = [
  ['body parsing (parseInferBody: raw bytes to a value, numbers to a Float32Array)', () => parseInferBody(raw)],
  ['validation (parseInferRequest: name, datatype, shape, values)', () => parseInferRequest(parsed, model.signature, limits)],
  ['onnxruntime run of 1 row (model.score, with its setImmediate hop)', () => model.score(request.features, 1)],
  ['response building (buildInferResponse: probabilities and argmax labels)', () => buildInferResponse(model, request, probabilities)],
  ['response encoding (inferResponseToJson, shortest float32 text)', () => inferResponseToJson(response, { shortestFloat32: true })],
];
console.log('\nThe infer work of one 1-row request, step by step, in this process (no HTTP; mean of 20,000 after a warm-up):');
for (const [label, step] of steps) console.log(`  ${label}: ${(await timeStep(step)).toFixed(1)} µs`);
console.log('  (a run in a micro-batch shares its fixed cost with the other requests of the batch)');
await registry.close();
if (results.some((r) => r.some((x) => x.errors > 0))) process.exitCode = 1;
