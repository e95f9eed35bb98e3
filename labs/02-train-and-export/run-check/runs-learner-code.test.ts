// run.ts trains with the learner's standardiser and Dense export: markers put in a learner copy end up in the output and in the model file.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWines } from '@mlops/dataset';
import { createLearnerCopy, replaceOnce } from '@mlops/lab-kit/authoring';
import { fitStandardizer, onnx, splitWines, wineFeatures } from '@mlops/training';

const MARKER = 'LEARNER-MARKER-7f3a';
const labDir = fileURLToPath(new URL('..', import.meta.url));
const SEED = 42; // run.ts trains with the default seed

// Markers that keep the model valid: fitStandardizer doubles every std (tfjs and the graph both use it, so parity
// holds), standardize and fitStandardizer say they ran, and denseLayerToOnnx names its Gemm nodes with the marker.
const copy = createLearnerCopy(labDir, (file, text) => {
  if (file === 'standardizer.ts') {
    const fit = replaceOnce(text, 'return { mean, std };', `console.log('${MARKER} fitStandardizer'); return { mean, std: std.map((s) => s * 2) };`);
    return replaceOnce(fit, 'return rows.map(', `console.log('${MARKER} standardize'); return rows.map(`);
  }
  if (file === 'onnx-dense-layer.ts') return replaceOnce(text, '/gemm`', `/gemm-${MARKER}\``);
  return text;
});
const repository = mkdtempSync(join(tmpdir(), 'lab-02-run-check-'));
let stdout = '';

beforeAll(async () => {
  // Two epochs keep it quick; the markers do not depend on how long it trains.
  ({ stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'run.ts', '--epochs', '2', '--repository', repository], {
    cwd: labDir,
    env: { ...process.env, ...copy.env },
  }));
});
afterAll(() => {
  copy.cleanup();
  rmSync(repository, { recursive: true, force: true });
});

describe('npm start -w @mlops/lab-02-train-and-export -- --epochs 2', () => {
  it("calls the learner's fitStandardizer once and standardize for the train, validation and test rows", () => {
    expect(stdout.split('\n').filter((line) => line === `${MARKER} fitStandardizer`)).toHaveLength(1);
    expect(stdout.split('\n').filter((line) => line === `${MARKER} standardize`)).toHaveLength(3);
    expect(stdout).toMatch(/same band on every row: yes/);
  });

  it("writes a model whose Dense layers are the learner's nodes and whose standardiser is the learner's statistics", async () => {
    const model = onnx.ModelProto.decode(readFileSync(join(repository, 'wine-quality', '1', 'model.onnx')));
    const gemms = (model.graph?.node ?? []).filter((n) => n.opType === 'Gemm').map((n) => n.name);
    expect(gemms).toEqual(['hidden_1', 'hidden_2', 'output'].map((layer) => `${layer}/gemm-${MARKER}`));

    const trueStd = fitStandardizer(wineFeatures(splitWines(await loadWines('red'), SEED).train)).std;
    const std = model.graph?.initializer?.find((t) => t.name === 'standardizer/std')?.floatData ?? [];
    expect(std).toHaveLength(11);
    std.forEach((s, j) => expect(s / trueStd[j]!, `std of feature ${j} is the learner's (doubled)`).toBeCloseTo(2, 5));
  });
});
