// `npm run bench:drift`: 1M generated rows x 11 features; the drift check's time and peak RSS next to read + parse only; the live window.

import { execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FEATURE_NAMES, loadWines, mulberry32 } from '@mlops/dataset';

const ROWS = Number(process.env.DRIFT_BENCH_ROWS ?? 1_000_000);
const file = join(tmpdir(), `mlops-drift-bench-${ROWS}.csv`);
const run = promisify(execFile);
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const runner = fileURLToPath(new URL('./drift-bench-run.ts', import.meta.url));
const liveRunner = fileURLToPath(new URL('./live-window-bench.ts', import.meta.url));

/** Rows resampled from the white wines with ±2% jitter (seeded), written as CSV like the bundled files. */
async function generate(): Promise<void> {
  const whites = await loadWines('white');
  const random = mulberry32(7);
  const out = createWriteStream(file);
  out.write(`${FEATURE_NAMES.join(',')},quality\n`);
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const w = whites[Math.floor(random() * whites.length)]!;
    chunk += `${w.features.map((v) => Number((v * (0.98 + 0.04 * random())).toPrecision(5))).join(',')},${w.quality}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

if (!existsSync(file)) {
  process.stdout.write(`generating ${file} ...\n`);
  await generate();
}
process.stdout.write(`${ROWS} rows x 11 features, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})\n`);
for (const mode of ['parse', 'drift', 'parse', 'drift']) {
  const { stdout } = await run(tsx, [runner, mode, file], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout) as { mode: string; parseMs: number; statsMs: number; totalMs: number; peakRssMb: number; verdict: string };
  process.stdout.write(
    `${r.mode.padEnd(6)} read+parse ${String(r.parseMs).padStart(5)} ms  statistics ${String(r.statsMs).padStart(5)} ms  total ${String(r.totalMs).padStart(5)} ms  peak RSS ${String(r.peakRssMb).padStart(4)} MB  ${r.verdict}\n`,
  );
}
// The live window: memory must not grow with the rows observed (a fresh process, so gc() can measure the heap).
const live = await run(process.execPath, ['--expose-gc', '--import', 'tsx', liveRunner], { maxBuffer: 1 << 20, env: { ...process.env, DRIFT_BENCH_ROWS: String(ROWS) } });
process.stdout.write(live.stdout);
