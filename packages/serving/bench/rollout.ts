// Rollout benchmark: steady 1-row infer load through live version swaps (POST /v2/repository/models/.../load);
// prints failed requests (goal 0) and the p99 latency while a swap is under way next to the p99 before.
// Usage: npm run bench:rollout [-- --seconds 16 --connections 32]

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { modelRepositoryFromEnv } from '@mlops/model-store';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '16' }, connections: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds >= 8) || !(connections >= 1)) throw new Error('--seconds must be >= 8 and --connections >= 1');
const TOKEN = 'rollout-bench-token-0123456789';
const MODEL = 'wine-quality';
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

// A throw-away repository: the committed model as version 1 and, under a new number, as version 2.
const repository = await mkdtemp(join(tmpdir(), 'rollout-bench-'));
await cp(modelRepositoryFromEnv(), repository, { recursive: true });
await cp(join(repository, MODEL, '1'), join(repository, MODEL, '2'), { recursive: true });
const manifest = JSON.parse(await readFile(join(repository, MODEL, '2', 'manifest.json'), 'utf8')) as Record<string, unknown>;
await writeFile(join(repository, MODEL, '2', 'manifest.json'), JSON.stringify({ ...manifest, version: '2' }));

const serverFile = fileURLToPath(new URL('./rollout-server.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', serverFile, repository], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ADMIN_TOKEN: TOKEN } });
const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
const base = `http://127.0.0.1:${Number(chunk.toString().trim())}`;

/** Each response's end time (ms since the run started) and latency (ms). */
const samples: { at: number; ms: number }[] = [];
const swaps: { version: string; start: number; end: number; status: number }[] = [];
let t0 = 0;

async function swapTo(version: string): Promise<void> {
  const start = performance.now() - t0;
  const res = await fetch(`${base}/v2/repository/models/${MODEL}/load`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ parameters: { version } }),
  });
  await res.text();
  swaps.push({ version, start, end: performance.now() - t0, status: res.status });
}

let instance: autocannon.Instance | undefined;
const run = new Promise<autocannon.Result>((resolve, reject) => {
  instance = autocannon(
    {
      url: `${base}/v2/models/${MODEL}/infer`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: WINE }] }),
      connections,
      duration: seconds,
      timeout: 10,
    },
    (error, result) => (error ? reject(error) : resolve(result)),
  );
});
t0 = performance.now();
instance!.on('response', (_client, _status, _bytes, responseTime) => samples.push({ at: performance.now() - t0, ms: responseTime }));
// Warm-up for the first quarter, "before" for the second, then swaps to 2, back to 1 and to 2 again, 2 s apart.
const swapsDone = (async () => {
  const quarter = (seconds * 1000) / 4;
  await new Promise((resolve) => setTimeout(resolve, quarter * 2));
  for (const version of ['2', '1', '2']) {
    await swapTo(version);
    await new Promise((resolve) => setTimeout(resolve, quarter / 2));
  }
})();
const result = await run;
await swapsDone;
child.kill('SIGTERM');
await once(child, 'exit');
await rm(repository, { recursive: true, force: true });

const quarter = (seconds * 1000) / 4;
const p = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)]!;
};
// "During a swap": from the load request until 500 ms after its answer (the old session drains and closes then).
const duringSwap = (at: number) => swaps.some((s) => at >= s.start && at <= s.end + 500);
const before = samples.filter((s) => s.at >= quarter && s.at < quarter * 2).map((s) => s.ms);
const during = samples.filter((s) => duringSwap(s.at)).map((s) => s.ms);
const failed = result.non2xx + result.errors + result.timeouts;

console.log(`rollout benchmark: ${seconds} s of 1-row v2 infer requests at ${connections} connections, three live swaps (1 -> 2 -> 1 -> 2)`);
console.log(`requests ${result.requests.total}, 2xx ${result['2xx']}, failed ${failed} (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}); goal: 0 failed`);
console.log(`swaps: ${swaps.map((s) => `-> ${s.version} ${s.status} in ${(s.end - s.start).toFixed(0)} ms`).join(', ')}`);
console.log('| window | requests | p50 ms | p99 ms | max ms |');
console.log('|---|---|---|---|---|');
for (const [name, xs] of [['before the swaps', before], ['during the swaps', during]] as const) {
  console.log(`| ${name} | ${xs.length} | ${p(xs, 0.5).toFixed(2)} | ${p(xs, 0.99).toFixed(2)} | ${Math.max(...xs).toFixed(2)} |`);
}
if (failed > 0 || swaps.some((s) => s.status !== 200)) process.exitCode = 1;
