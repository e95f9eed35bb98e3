// Measures one onnxruntime run of the committed model per batch size, with 1 and 2 intra-op threads.
// Usage: npx tsx bench/session-threads.ts (from packages/serving)

import { loadModel, modelRepositoryFromEnv } from '../src/index';

const repository = modelRepositoryFromEnv();
console.log('| rows per run | 1 thread µs/run | 2 threads µs/run |');
console.log('|---:|---:|---:|');
const models = await Promise.all([1, 2].map((threads) => loadModel({ repository, name: 'wine-quality', intraOpNumThreads: threads })));
for (const rows of [1, 64, 256, 1024]) {
  const features = new Float32Array(rows * 11).fill(0.5);
  const cells: string[] = [];
  for (const model of models) {
    for (let i = 0; i < 200; i += 1) await model.score(features, rows);
    const runs = 2_000;
    const started = performance.now();
    for (let i = 0; i < runs; i += 1) await model.score(features, rows);
    cells.push((((performance.now() - started) * 1000) / runs).toFixed(1));
  }
  console.log(`| ${rows} | ${cells.join(' | ')} |`);
}
await Promise.all(models.map((m) => m.close()));
