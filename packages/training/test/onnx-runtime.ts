// Test helper: runs an ONNX model on raw feature rows with onnxruntime-node and returns its probabilities.

import * as ort from 'onnxruntime-node';

/** Probabilities per row from an ONNX model given as bytes or a file path. */
export async function runOnnx(model: Uint8Array | string, rows: readonly (readonly number[])[]): Promise<number[][]> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
    const width = rows[0]?.length ?? 0;
    const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
    const output = (await session.run({ features: input })).probabilities;
    if (!output) throw new Error('the model has no "probabilities" output');
    const data = output.data as Float32Array;
    const classes = output.dims[1]!;
    return rows.map((_, i) => Array.from(data.subarray(i * classes, (i + 1) * classes)));
  } finally {
    await session.release();
  }
}

/** Largest absolute difference between two equally shaped matrices. */
export function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i]![j]!)))));
  return max;
}
