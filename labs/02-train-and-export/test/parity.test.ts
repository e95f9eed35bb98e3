// All steps: train a small model with YOUR standardiser and Dense export; onnxruntime must agree with tfjs on every test row.

import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmaxRows, selectBackend, trainWineModel, type TrainedWineModel } from '@mlops/training';
import { fitStandardizer, standardize } from '@lab/standardizer';
import { denseLayerToOnnx } from '@lab/onnx-dense-layer';

let run: TrainedWineModel;
let onnxProbabilities: number[][];

beforeAll(async () => {
  await selectBackend('cpu');
  run = await trainWineModel({ epochs: 4, seed: 11, steps: { fitStandardizer, standardize, convertDense: denseLayerToOnnx } });
  const session = await ort.InferenceSession.create(run.onnxBytes);
  const rows = run.split.test.map((r) => r.features);
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 11]) });
  await session.release();
  const data = out.probabilities!.data as Float32Array;
  onnxProbabilities = rows.map((_, i) => Array.from(data.subarray(i * 3, i * 3 + 3)));
});
afterAll(() => run?.model.dispose());

describe('steps 1-3 together: tfjs and onnxruntime agree', () => {
  it('gives the same probabilities on every test row (max abs diff <= 1e-4)', () => {
    let worst = { diff: 0, row: -1 };
    onnxProbabilities.forEach((p, i) =>
      p.forEach((v, j) => {
        const diff = Math.abs(v - run.testProbabilities[i]![j]!);
        if (diff > worst.diff) worst = { diff, row: i };
      }),
    );
    expect(
      worst.diff,
      `row ${worst.row} differs by ${worst.diff.toFixed(6)}: the ONNX graph must compute the same as tfjs; check the kernel layout in step 3 and that step 2 uses (x - mean) / std`,
    ).toBeLessThanOrEqual(1e-4);
  });

  it('predicts the same band for every test row', () => {
    expect(argmaxRows(onnxProbabilities), 'the exported model must pick the same band as tfjs on every row').toEqual(argmaxRows(run.testProbabilities));
  });

  it('takes raw features: standardisation lives inside the graph', () => {
    const sums = onnxProbabilities.map((p) => p.reduce((a, b) => a + b, 0));
    expect(Math.max(...sums.map((s) => Math.abs(s - 1))), 'each row of probabilities must sum to 1: end with Softmax').toBeLessThan(1e-5);
  });
});
