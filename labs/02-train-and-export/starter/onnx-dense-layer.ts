// Converts one Dense layer (weights + activation) into ONNX nodes: a Gemm, then the activation.

import type { OnnxGraphBuilder } from '@mlops/training/onnx-graph';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** The weights and settings of one trained Dense layer, read out of TensorFlow.js. */
export interface DenseLayerWeights {
  /** Layer name, used to name the ONNX nodes, e.g. `"dense_Dense1"`. */
  readonly name: string;
  /** Number of inputs (rows of the kernel). */
  readonly inputSize: number;
  /** Number of outputs (columns of the kernel). */
  readonly units: number;
  /** Kernel, shape [inputSize, units], row-major. */
  readonly kernel: Float32Array;
  /** Bias, shape [units], or null when the layer has no bias. */
  readonly bias: Float32Array | null;
  /** tfjs activation name: 'relu', 'tanh', 'sigmoid', 'softmax' or 'linear'. */
  readonly activation: string;
}

/** ONNX operator of each supported tfjs activation (`null`: no node needed). */
export const ONNX_ACTIVATIONS: Readonly<Record<string, string | null>> = {
  linear: null,
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  softmax: 'Softmax',
};

/** A layer or activation the exporter cannot translate; the message names the layer. */
export class UnsupportedLayerError extends Error {
  readonly code = 'UNSUPPORTED_LAYER';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedLayerError';
  }
}

/**
 * Appends the ONNX nodes computing `activation(input · kernel + bias)` for one Dense layer and returns
 * the name of the value they produce. Gemm computes `Y = A·B + C`: A is the input [N, inputSize], B the
 * kernel [inputSize, units], C the bias [units] (broadcast over rows). Softmax works on the last axis.
 * @throws UnsupportedLayerError naming the layer when its activation has no ONNX equivalent here.
 * @example const hidden = denseLayerToOnnx(graph, layer, 'standardized'); // 'dense_Dense1/relu'
 */
export function denseLayerToOnnx(graph: OnnxGraphBuilder, layer: DenseLayerWeights, input: string): string {
  const op = ONNX_ACTIVATIONS[layer.activation];
  if (op === undefined) {
    const known = Object.keys(ONNX_ACTIVATIONS).join(', ');
    throw new UnsupportedLayerError(`layer "${layer.name}": activation "${layer.activation}" cannot be exported to ONNX (supported: ${known})`);
  }
  // TODO step 3: add the kernel and bias as initializers, a Gemm node, then the activation node (if any)
  throw notImplemented('src/onnx-dense-layer.ts', 'step 3: add the kernel and bias as initializers, a Gemm node, then the activation node (if any)');
}
