// Micro-benchmark: the infer route's own work for one 1,024-row request (parse, check, encode the answer;
// no model, no HTTP), JSON against the binary tensor data extension. Usage: npx tsx bench/binary-vs-json.ts

import type { ModelSignature } from '../src/model-signature';
import { buildInferResponse, parseInferRequest } from '../src/infer-handler';
import { parseInferBody } from '../src/infer-body';
import { binaryOutputs, inferResponseToBinary, parseBinaryInferBody } from '../src/infer-binary';
import { inferResponseToJson } from '../src/infer-response-json';

const ROWS = 1024;
const sig = { inputName: 'features', inputWidth: 11, outputName: 'probabilities', outputWidth: 3, classLabels: ['low', 'medium', 'high'] } as unknown as ModelSignature;
const model = { name: 'wine-quality', version: '1', signature: sig };
const limits = { maxRows: ROWS };
const wine = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const data: number[] = [];
for (let r = 0; r < ROWS; r += 1) for (const v of wine) data.push(+(v * (1 + r / 500)).toFixed(4));
const probabilities = new Float32Array(ROWS * 3);
for (let i = 0; i < probabilities.length; i += 3) {
  const a = Math.exp((i % 37) / 2);
  const b = Math.exp((i % 11) * 3);
  const s = a + b + 1;
  probabilities.set([a / s, b / s, 1 / s], i);
}

const jsonBody = Buffer.from(JSON.stringify({ inputs: [{ name: 'features', shape: [ROWS, 11], datatype: 'FP32', data }] }));
const header = Buffer.from(
  JSON.stringify({
    inputs: [{ name: 'features', shape: [ROWS, 11], datatype: 'FP32', parameters: { binary_data_size: ROWS * 44 } }],
    parameters: { binary_data_output: true },
  }),
);
const binaryBody = Buffer.concat([header, Buffer.from(Float32Array.from(data).buffer)]);

function viaJson(): number {
  const request = parseInferRequest(parseInferBody(jsonBody), sig, limits);
  return inferResponseToJson(buildInferResponse(model, request, probabilities), { shortestFloat32: true }).length;
}
function viaBinary(): number {
  const body = parseBinaryInferBody(binaryBody, String(header.length), sig, limits);
  const request = parseInferRequest(body, sig, limits);
  return inferResponseToBinary(buildInferResponse(model, request, probabilities), binaryOutputs(body))!.body.length;
}

const N = 300;
const results: Record<string, { us: number[]; bytesOut: number }> = { json: { us: [], bytesOut: 0 }, binary: { us: [], bytesOut: 0 } };
for (let round = 0; round < 6; round += 1) {
  for (const [label, fn] of [['json', viaJson], ['binary', viaBinary]] as const) {
    const start = process.hrtime.bigint();
    let bytes = 0;
    for (let i = 0; i < N; i += 1) bytes = fn();
    if (round > 0) results[label]!.us.push(Number(process.hrtime.bigint() - start) / 1e3 / N);
    results[label]!.bytesOut = bytes;
  }
}
console.log(`one ${ROWS}-row request, median of 5 rounds of ${N} after a warm-up (parse + check + build + encode; no model, no HTTP)`);
for (const [label, r] of Object.entries(results)) {
  const sorted = [...r.us].sort((a, b) => a - b);
  const bytesIn = label === 'json' ? jsonBody.length : binaryBody.length;
  console.log(`${label.padEnd(7)} ${sorted[2]!.toFixed(0).padStart(5)} µs  ${(ROWS / sorted[2]! ).toFixed(1)} M rows/s  in ${bytesIn} B, out ${r.bytesOut} B  (rounds ${sorted.map((u) => u.toFixed(0)).join(', ')} µs)`);
}
