// An onnxruntime scorer of an exported wine model: the exact bytes that will be served, not the tfjs model.

import * as ort from 'onnxruntime-node';
import type { ScoreRows } from './fixed-evaluation';
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from './onnx-export';

/**
 * Scores raw feature rows with the ONNX model `model` (bytes or a file path); one session per call.
 * @example const evaluation = await evaluateOnFixedSet(set, onnxScorer(run.onnxBytes));
 */
export function onnxScorer(model: Uint8Array | string): ScoreRows {
  return async (features) => {
    const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
    try {
      const width = features[0]?.length ?? 0;
      const input = new ort.Tensor('float32', Float32Array.from(features.flat()), [features.length, width]);
      const output = (await session.run({ [ONNX_INPUT_NAME]: input }))[ONNX_OUTPUT_NAME];
      if (!output) throw new Error(`the model has no "${ONNX_OUTPUT_NAME}" output`);
      const data = output.data as Float32Array;
      const classes = output.dims[1]!;
      return features.map((_, i) => Array.from(data.subarray(i * classes, (i + 1) * classes)));
    } finally {
      await session.release();
    }
  };
}
