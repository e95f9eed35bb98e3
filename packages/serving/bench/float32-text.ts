// Micro-benchmark: printing 1M float32 probabilities, exact doubles (join) against shortest float32 text.
// Usage: npx tsx bench/float32-text.ts [-- rows]   (default 333,334 rows x 3 classes = 1M values)

import { inferResponseToJson } from '../src/infer-response-json';

const values = Number(process.argv[2] ?? 1_000_000);
// Softmax rows of logits spread over 0-40, as float32 (what onnxruntime returns): like the wine model's
// outputs, a third of the values are tiny (down to about 1e-17).
const probs = new Float32Array(values - (values % 3));
let seed = 42;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let i = 0; i < probs.length; i += 3) {
  const a = Math.exp(rand() * 40);
  const b = Math.exp(rand() * 40);
  const c = Math.exp(rand() * 40);
  const s = a + b + c;
  probs[i] = a / s;
  probs[i + 1] = b / s;
  probs[i + 2] = c / s;
}
// One response per 1024-row request, as the infer route writes them.
const chunks: number[][] = [];
for (let i = 0; i < probs.length; i += 3072) chunks.push(Array.from(probs.subarray(i, i + 3072)));
const response = (data: number[]) => ({ model_name: 'wine-quality', model_version: '1', outputs: [{ name: 'probabilities', shape: [data.length / 3, 3], datatype: 'FP32' as const, data }] });

function time(shortest: boolean): { ms: number; bytes: number } {
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (const c of chunks) bytes += inferResponseToJson(response(c), { shortestFloat32: shortest }).length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, bytes };
}

const runs: Record<string, { ms: number[]; bytes: number }> = { 'exact doubles (join)': { ms: [], bytes: 0 }, 'shortest float32': { ms: [], bytes: 0 } };
for (let r = 0; r < 5; r += 1) {
  // Alternate the two so background load hits both alike; the first round warms the JIT.
  for (const [label, shortest] of [['exact doubles (join)', false], ['shortest float32', true]] as const) {
    const { ms, bytes } = time(shortest);
    if (r > 0) runs[label]!.ms.push(ms);
    runs[label]!.bytes = bytes;
  }
}
console.log(`${probs.length.toLocaleString('en')} float32 values in ${chunks.length} responses of 1024 rows; median of 4 runs after a warm-up`);
for (const [label, { ms, bytes }] of Object.entries(runs)) {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = (sorted[1]! + sorted[2]!) / 2;
  console.log(`${label.padEnd(22)} ${median.toFixed(0).padStart(5)} ms  ${(probs.length / median / 1000).toFixed(1)} M values/s  ${(bytes / 1e6).toFixed(1)} MB  (runs ${sorted.map((m) => m.toFixed(0)).join(', ')} ms)`);
}
