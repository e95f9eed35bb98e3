// One measurement of the drift benchmark in a fresh process: `parse` (read + parse only) or `drift` (read both + statistics).

import { performance } from 'node:perf_hooks';
import { FEATURE_NAMES, RED_WINE_CSV } from '@mlops/dataset';
import { datasetDrift } from '../src/dataset-drift';
import { readFeatureColumns } from '../src/read-columns';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'parse' && mode !== 'drift') || !file) throw new Error('usage: drift-bench-run.ts parse|drift <csv>');

const t0 = performance.now();
const current = await readFeatureColumns(file, { maxBytes: 2 ** 31 });
const t1 = performance.now();
let statsMs = 0;
let verdict = '';
if (mode === 'drift') {
  const reference = await readFeatureColumns(RED_WINE_CSV);
  const t2 = performance.now();
  const report = datasetDrift(FEATURE_NAMES, reference.columns, current.columns);
  statsMs = performance.now() - t2;
  verdict = `${report.datasetDrift ? 'drift' : 'no drift'} (${report.driftedFeatures}/11)`;
}
const total = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ mode, rows: current.rows, parseMs: Math.round(t1 - t0), statsMs: Math.round(statsMs), totalMs: Math.round(total), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), verdict })}\n`,
);
