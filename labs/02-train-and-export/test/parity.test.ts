// All steps: train a small model with YOUR standardiser and Dense export; onnxruntime must agree with tfjs on every test row.

import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmaxRows, predictProbabilities, selectBackend, type TrainedWineModel } from '@mlops/training';
import { fitStandardizer, standardize } from '@lab/standardizer';
import { denseLayerToOnnx } from '@lab/onnx-dense-layer';
import { trainWithYourCode } from '../train-with-your-code';

type Rows = readonly (readonly number[])[];

let run: TrainedWineModel;
let session: ort.InferenceSession;
let onnxProbabilities: number[][];

/** Runs the exported model in onnxruntime on rows of features, exactly as given. */
async function onnxPredict(rows: Rows): Promise<number[][]> {
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 11]) });
  const data = out.probabilities!.data as Float32Array;
  return rows.map((_, i) => Array.from(data.subarray(i * 3, i * 3 + 3)));
}

/** The largest |a - b| over all cells, and the row it is in. */
function worstDifference(a: Rows, b: Rows): { diff: number; row: number } {
  let worst = { diff: 0, row: -1 };
  a.forEach((p, i) =>
    p.forEach((v, j) => {
      const diff = Math.abs(v - b[i]![j]!);
      if (diff > worst.diff) worst = { diff, row: i };
    }),
  );
  return worst;
}

beforeAll(async () => {
  await selectBackend('cpu');
  run = await trainWithYourCode({ fitStandardizer, standardize, denseLayerToOnnx }, { epochs: 4, seed: 11 });
  session = await ort.InferenceSession.create(run.onnxBytes);
  onnxProbabilities = await onnxPredict(run.split.test.map((r) => r.features));
});
afterAll(async () => {
  await session?.release();
  run?.model.dispose();
});

describe('steps 1-3 together: tfjs and onnxruntime agree', () => {
  it('gives the same probabilities on every test row (max abs diff <= 1e-4)', () => {
    const worst = worstDifference(onnxProbabilities, run.testProbabilities);
    expect(
      worst.diff,
      `row ${worst.row} differs by ${worst.diff.toFixed(6)}: the ONNX graph must compute the same as tfjs; check the kernel layout in step 3 and that step 2 uses (x - mean) / std`,
    ).toBeLessThanOrEqual(1e-4);
  });

  it('predicts the same band for every test row', () => {
    expect(argmaxRows(onnxProbabilities), 'the exported model must pick the same band as tfjs on every row').toEqual(argmaxRows(run.testProbabilities));
  });

  it('takes raw features: standardisation lives inside the graph', async () => {
    // Training rows, raw as in the CSV: onnxruntime gets them as they are, tfjs gets them standardised.
    const raw = run.split.train.map((r) => r.features);
    const { mean, std } = run.standardizer;
    const standardised = raw.map((row) => row.map((v, j) => (v - mean[j]!) / std[j]!));
    const worst = worstDifference(await onnxPredict(raw), predictProbabilities(run.model, standardised));
    expect(
      worst.diff,
      `on raw training row ${worst.row} the ONNX model differs from tfjs on the standardised row by ${worst.diff.toFixed(6)}: ` +
        'in step 3 build each Gemm on the `input` you are given (the first one receives the standardised features), never on the graph input "features"',
    ).toBeLessThanOrEqual(1e-4);
    // The contrast: rows standardised before the graph are standardised twice, so the answers must change.
    const twice = worstDifference(await onnxPredict(standardised), predictProbabilities(run.model, standardised));
    expect(
      twice.diff,
      'the ONNX model answers the same on standardised rows as on raw ones, so it does not standardise: step 1 must return the real means and standard deviations of the training rows',
    ).toBeGreaterThan(1e-3);
  });

  it('outputs probabilities: each row sums to 1', () => {
    const sums = onnxProbabilities.map((p) => p.reduce((a, b) => a + b, 0));
    expect(Math.max(...sums.map((s) => Math.abs(s - 1))), 'each row of probabilities must sum to 1: end the last layer with Softmax in step 3').toBeLessThan(1e-5);
  });
});
