// Exports a trained tfjs MLP to ONNX with standardisation inside the graph: features -> Sub -> Div -> Gemm... -> Softmax.

import type * as tf from '@tensorflow/tfjs';
import { denseLayerToOnnx, UnsupportedLayerError, type DenseLayerWeights } from './onnx-dense-layer';
import { OnnxGraphBuilder } from './onnx-graph';
import type { Standardizer } from './standardizer';

/** Names of the exported graph's input and output tensors (what servers pass to onnxruntime). */
export const ONNX_INPUT_NAME = 'features';
export const ONNX_OUTPUT_NAME = 'probabilities';

/** Appends the ONNX nodes of one Dense layer to `graph`, reading `input`; returns the name of its output. */
export type DenseLayerConverter = (graph: OnnxGraphBuilder, layer: DenseLayerWeights, input: string) => string;

/** Options of {@link buildMlpOnnx} and {@link exportToOnnx}. */
export interface ExportOptions {
  /** Graph name stored in the file. @defaultValue 'wine-quality-mlp' */
  readonly graphName?: string;
  /** Free text stored as the model's doc string. */
  readonly docString?: string;
}

/**
 * Reads the weights of a tfjs Dense layer.
 * @throws UnsupportedLayerError naming the layer when it is not a Dense layer.
 */
export function readDenseLayer(layer: tf.layers.Layer): DenseLayerWeights {
  const className = layer.getClassName();
  if (className !== 'Dense') {
    throw new UnsupportedLayerError(`layer "${layer.name}" (${className}) cannot be exported to ONNX: only Dense layers are supported`);
  }
  const config = layer.getConfig();
  const [kernel, bias] = layer.getWeights();
  if (!kernel || kernel.shape.length !== 2) throw new UnsupportedLayerError(`layer "${layer.name}" (Dense) has no 2-D kernel`);
  const activation = typeof config.activation === 'string' ? config.activation : 'linear';
  return {
    name: layer.name,
    inputSize: kernel.shape[0]!,
    units: kernel.shape[1]!,
    kernel: kernel.dataSync() as Float32Array,
    bias: config.useBias === false || !bias ? null : (bias.dataSync() as Float32Array),
    activation,
  };
}

/**
 * Assembles the ONNX model of a classifier: input `features` float32 [batch, n], standardisation
 * (`Sub` mean, `Div` std), each Dense layer in order through `convertDense`, output `probabilities`
 * float32 [batch, classes]; IR 8, opset 13. {@link exportToOnnx} calls it with {@link denseLayerToOnnx}.
 * @throws UnsupportedLayerError when there are no layers or the last one does not end in softmax.
 * @example const bytes = buildMlpOnnx(standardizer, model.layers.map(readDenseLayer), denseLayerToOnnx);
 */
export function buildMlpOnnx(
  standardizer: Standardizer,
  layers: readonly DenseLayerWeights[],
  convertDense: DenseLayerConverter,
  options: ExportOptions = {},
): Uint8Array {
  const first = layers[0];
  const last = layers.at(-1);
  if (!first || !last) throw new UnsupportedLayerError('the model has no layers to export');
  if (last.activation !== 'softmax') {
    throw new UnsupportedLayerError(`layer "${last.name}": the last layer must use softmax to output probabilities, found "${last.activation}"`);
  }
  const width = standardizer.mean.length;
  if (first.inputSize !== width || standardizer.std.length !== width) {
    throw new Error(`the standardiser has ${width} features but layer "${first.name}" expects ${first.inputSize}`);
  }

  const graph = new OnnxGraphBuilder();
  const input = graph.input(ONNX_INPUT_NAME, ['batch', width]);
  const mean = graph.initializer('standardizer/mean', [width], standardizer.mean);
  const std = graph.initializer('standardizer/std', [width], standardizer.std);
  const centered = graph.node('Sub', [input, mean], 'standardizer/sub');
  let value = graph.node('Div', [centered, std], 'standardizer/div');
  for (const layer of layers) value = convertDense(graph, layer, value);
  graph.output(ONNX_OUTPUT_NAME, value, ['batch', last.units]);
  return graph.toModelBytes(options.graphName ?? 'wine-quality-mlp', options.docString);
}

/**
 * Serialises a Sequential MLP of Dense layers plus its standardiser as an ONNX model (see {@link buildMlpOnnx}).
 * @throws UnsupportedLayerError naming the first layer that cannot be exported.
 */
export function exportToOnnx(model: tf.LayersModel, standardizer: Standardizer, options: ExportOptions = {}): Uint8Array {
  return buildMlpOnnx(standardizer, model.layers.map(readDenseLayer), denseLayerToOnnx, options);
}
