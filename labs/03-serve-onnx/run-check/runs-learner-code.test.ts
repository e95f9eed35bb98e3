// run.ts serves the learner's code on every path: markers put in a learner copy answer for flat and nested data, through the learner's MicroBatcher.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun, type LabRun } from '@mlops/lab-kit/authoring';

const MARKER = 'LEARNER-MARKER-7f3a';
const labDir = fileURLToPath(new URL('..', import.meta.url));
const WINE_1 = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const WINE_2 = [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8];

// Markers that keep the server working: readTensorData's count message and checkInputTensor's unknown-input
// message carry the marker, buildInferResponse puts it in model_name, and the MicroBatcher's submit answers a
// 3-row request with an unfinished step whose message carries it.
const copy = createLearnerCopy(labDir, (file, text) => {
  if (file === 'infer-handler.ts') {
    let out = replaceOnce(text, 'values; expected ${expected}`', `values; expected \${expected} ${MARKER}\``);
    out = replaceOnce(out, '`unknown input ${', `\`${MARKER} unknown input \${`);
    return replaceOnce(out, 'model_name: model.name,', `model_name: \`\${model.name} ${MARKER}\`,`);
  }
  if (file === 'micro-batcher.ts') {
    const marked = replaceOnce(
      text,
      '    if (this.closed) return Promise.reject(new BatcherClosedError());',
      `    if (rowCount === 3) notImplemented('src/micro-batcher.ts', 'step 4: ${MARKER} in submit');\n    if (this.closed) return Promise.reject(new BatcherClosedError());`,
    );
    return `import { notImplemented } from '@mlops/lab-kit/runtime';\n${marked}`;
  }
  return text;
});
let server: LabRun;
let url = '';

beforeAll(async () => {
  server = startLabRun(labDir, [], { ...copy.env, PORT: '0', LOG_FORMAT: 'json' });
  // Waits for the line run.ts prints once it listens (or for the process to end, which fails with its output).
  [, url = ''] = await server.waitFor(/lab 03: v2 inference on (http:\/\/127\.0\.0\.1:\d+)/);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  copy.cleanup();
});

async function infer(data: unknown, shape: number[], name = 'features'): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${url}/v2/models/wine-quality/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [{ name, shape, datatype: 'FP32', data }] }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('npm start -w @mlops/lab-03-serve-onnx', () => {
  it.each([
    ['flat', [...WINE_1, ...WINE_2]],
    ['nested', [WINE_1, WINE_2]],
  ])("answers %s data with the learner's buildInferResponse", async (_layout, data) => {
    const { status, json } = await infer(data, [2, 11]);
    expect([status, json.model_name]).toEqual([200, `wine-quality ${MARKER}`]);
    expect(json.outputs[1].data).toHaveLength(2);
  });

  it.each([
    ['flat', [...WINE_1, ...WINE_2.slice(1)]],
    ['nested', [WINE_1, WINE_2.slice(1)]],
  ])("reads %s data with the learner's readTensorData (its 400 message)", async (_layout, data) => {
    const { status, json } = await infer(data, [2, 11]);
    expect([status, json.error]).toEqual([400, `input "features" has shape [2,11] but 21 values; expected 22 ${MARKER}`]);
  });

  it("checks the input with the learner's checkInputTensor", async () => {
    const { status, json } = await infer(WINE_1, [1, 11], 'x');
    expect(status).toBe(400);
    expect(json.error).toMatch(new RegExp(`^${MARKER} unknown input "x"`));
  });

  it.each([
    ['flat', [...WINE_1, ...WINE_2, ...WINE_1]],
    ['nested', [WINE_1, WINE_2, WINE_1]],
  ])("scores %s data through the learner's MicroBatcher; an unfinished step answers 500 with its one-line message", async (_layout, data) => {
    const { status, json } = await infer(data, [3, 11]);
    expect(status).toBe(500);
    expect(json.error).toMatch(new RegExp(`^step 4 is not done yet: open labs/03-serve-onnx/src/micro-batcher\\.ts and replace the TODO \\(${MARKER} in submit\\)`));
    expect(json.error).not.toContain('\n');
  });
});
