// ModelSignature: the one input and output a served model has, derived from its manifest and checked against the session.

import type { ModelManifest } from '@mlops/model-store';

/** What the inference API needs to know about a model's tensors. */
export interface ModelSignature {
  /** Input tensor name, e.g. `"features"`. */
  readonly inputName: string;
  /** Values per input row, e.g. 11. */
  readonly inputWidth: number;
  /** Output tensor name, e.g. `"probabilities"`. */
  readonly outputName: string;
  /** Values per output row (one probability per class), e.g. 3. */
  readonly outputWidth: number;
  /** Class label of each output column, e.g. `['low', 'medium', 'high']`. */
  readonly classLabels: readonly string[];
}

/** Name of the extra BYTES output that carries the most probable class label of each row. */
export const LABEL_OUTPUT = 'label';

/**
 * Reads the signature from a manifest: exactly one FP32 input `[-1, width]` and one FP32 output
 * `[-1, classes]` with one class label per output column.
 * @throws Error saying what in the manifest does not fit.
 */
export function signatureFromManifest(manifest: ModelManifest): ModelSignature {
  const [input, ...moreInputs] = manifest.inputs;
  const [output, ...moreOutputs] = manifest.outputs;
  if (!input || !output || moreInputs.length > 0 || moreOutputs.length > 0) {
    throw new Error('the manifest must declare exactly one input and one output tensor');
  }
  for (const t of [input, output]) {
    if (t.datatype !== 'FP32') throw new Error(`tensor "${t.name}" is ${t.datatype}; only FP32 tensors are served`);
    const width = t.shape[1];
    if (t.shape.length !== 2 || t.shape[0] !== -1 || width === undefined || width < 1) {
      throw new Error(`tensor "${t.name}" has shape [${t.shape.join(',')}]; expected [-1, width] (any batch size)`);
    }
  }
  if (output.name === LABEL_OUTPUT) throw new Error(`the output may not be called "${LABEL_OUTPUT}": that name is reserved`);
  const outputWidth = output.shape[1]!;
  if (manifest.classLabels.length !== outputWidth) {
    throw new Error(`${manifest.classLabels.length} class labels for ${outputWidth} output columns`);
  }
  return {
    inputName: input.name,
    inputWidth: input.shape[1]!,
    outputName: output.name,
    outputWidth,
    classLabels: manifest.classLabels,
  };
}
