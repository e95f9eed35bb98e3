// CPU profile of one bench server under load: where its CPU goes, by function and by package (node --cpu-prof).
// Usage: npx tsx bench/profile.ts [--mode plane-on] [--body json|binary] [--rows 1] [--seconds 5]
// The .cpuprofile is kept (path printed): open it in Chrome DevTools (Performance > Load profile) for the call tree.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { binaryInferRequest, jsonInferBody, runSlice } from './load-driver';
import type { Mode } from './modes';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'plane-on' },
    body: { type: 'string', default: 'json' },
    rows: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '5' },
  },
});
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'serving-profile-'));
const server = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', server, values.mode], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
const benchServer = { mode: values.mode as Mode, port: Number(chunk.toString().trim()), child };
const request = values.body === 'binary' ? binaryInferRequest(rows) : { body: jsonInferBody(rows), headers: { 'content-type': 'application/json' } };
const path = values.mode.startsWith('echo') ? '/echo' : values.mode.startsWith('express') ? '/noop' : '/v2/models/wine-quality/infer';
const scenario = { label: values.mode, server: benchServer, path, rows, ...request };
await runSlice(scenario, 1, 64); // warm-up
const slice = await runSlice(scenario, Number(values.seconds), 64);
child.kill('SIGINT'); // the profile is written on a clean exit
await once(child, 'exit');
const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfByFunction = new Map<string, number>();
const selfByPackage = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') return;
  const dt = profile.timeDeltas[i] ?? 0;
  busy += dt;
  const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/packages\//, 'packages/').replace(/^file:\/\//, '');
  const fn = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (/\/packages\/([^/]+)/.exec(url)?.[1] ? `@mlops/${/\/packages\/([^/]+)/.exec(url)![1]}` : url.startsWith('node:') ? url.split('/')[0]! : functionName);
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt);
});
const top = (m: Map<string, number>, n: number): string =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `  ${((t / busy) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`\n${values.mode}, ${values.body} body, ${rows} rows: ${Math.round(slice.reqPerSec).toLocaleString('en-US')} req/s, p99 ${slice.p99.toFixed(1)} ms, server CPU ${slice.serverCpu.toFixed(0)}%`);
console.log(`profile: ${file} (shares of the busy time, start-up included)\n\nself time by function:\n${top(selfByFunction, 25)}\n\nself time by package:\n${top(selfByPackage, 12)}`);
