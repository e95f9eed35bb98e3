// `npm run bench:train`: trains the same model on every available tfjs backend and prints wall time and rows/s side by side.

import * as tf from '@tensorflow/tfjs';
import { availableBackends, selectBackend, trainWineModel, type BackendName } from '../src/index';
import { loadWines } from '@mlops/dataset';

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 40);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);

interface Row {
  backend: BackendName;
  seconds: number;
  trainRowsPerSecond: number;
  predictRowsPerSecond: number;
  accuracy: number;
}

const rows = await loadWines('red');
const backends = await availableBackends();
console.log(`tfjs ${tf.version.tfjs}; backends available here: ${backends.join(', ')}; ${EPOCHS} epochs (no early stopping), best of ${REPEATS}\n`);

const results: Row[] = [];
for (const backend of backends) {
  await selectBackend(backend);
  let best: Row | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    const run = await trainWineModel({ rows, epochs: EPOCHS, patience: EPOCHS, seed: 42 });
    const seconds = (performance.now() - started) / 1000;
    // Inference throughput: 100 batches of the whole red file.
    const x = tf.tensor2d(rows.map((w) => w.features));
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) tf.tidy(() => (run.model.predict(x) as tf.Tensor).dataSync());
    const predictSeconds = (performance.now() - t0) / 1000;
    x.dispose();
    run.model.dispose();
    const row = {
      backend,
      seconds,
      trainRowsPerSecond: (run.split.train.length * EPOCHS) / seconds,
      predictRowsPerSecond: (rows.length * 100) / predictSeconds,
      accuracy: run.evaluation.accuracy,
    };
    if (!best || row.seconds < best.seconds) best = row;
  }
  results.push(best!);
}

const fastest = Math.min(...results.map((r) => r.seconds));
const table = [
  ['backend', 'train wall time', 'train rows/s', 'predict rows/s', 'test accuracy', 'vs fastest'],
  ...results.map((r) => [
    r.backend,
    `${r.seconds.toFixed(2)} s`,
    Math.round(r.trainRowsPerSecond).toLocaleString('en-US'),
    Math.round(r.predictRowsPerSecond).toLocaleString('en-US'),
    r.accuracy.toFixed(3),
    `${(r.seconds / fastest).toFixed(2)}x`,
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
