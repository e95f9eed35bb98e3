// The live window under traffic: 1M scored rows through LiveDriftMonitor.observe, memory before and after, check time.

import { loadWines } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY, readManifest } from '@mlops/model-store';
import { Registry } from 'prom-client';
import { LiveDriftMonitor } from '../src/live-drift';

const ROWS = Number(process.env.DRIFT_BENCH_ROWS ?? 1_000_000);
const BLOCK = 64; // rows per request, like a busy API's infer calls
const manifest = await readManifest(DEFAULT_MODEL_REPOSITORY, 'wine-quality', '1');
const whites = await loadWines('white');
const block = Float32Array.from(Array.from({ length: BLOCK }, (_, i) => whites[i]!.features).flat());
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMb = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

for (const sampleRate of [1, 0.1]) {
  const live = new LiveDriftMonitor({ registry: new Registry(), profileFor: () => manifest.profile.features, windowRows: 2000, sampleRate });
  const event = { model: 'wine-quality', version: '1', features: block, featureCount: 11, rows: BLOCK };
  live.observe(event);
  const before = heapMb();
  const started = performance.now();
  for (let seen = BLOCK; seen < ROWS; seen += BLOCK) live.observe(event);
  const observeMs = performance.now() - started;
  const after = heapMb();
  const checkStarted = performance.now();
  const [check] = live.checkNow();
  const checkMs = performance.now() - checkStarted;
  process.stdout.write(
    `live   sample ${String(sampleRate).padEnd(3)} ${ROWS} rows observed in ${observeMs.toFixed(0).padStart(4)} ms (${((ROWS / observeMs) * 1000 / 1e6).toFixed(1)}M rows/s)  ` +
      `heap ${before.toFixed(1)} -> ${after.toFixed(1)} MB  window ${check!.windowRows} rows  check ${checkMs.toFixed(0)} ms\n`,
  );
}
