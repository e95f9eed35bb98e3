// Step 3: one Dense layer as ONNX nodes, run in onnxruntime and compared with the maths by hand.

import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { isNotImplementedError } from '@mlops/lab-kit/runtime';
import { OnnxGraphBuilder, onnx } from '@mlops/training/onnx-graph';
import { denseLayerToOnnx, type DenseLayerWeights } from '@lab/onnx-dense-layer';

// 2 inputs -> 3 units. kernel is [inputSize, units] row-major: kernel[i * units + u].
const layer = (activation: string, overrides: Partial<DenseLayerWeights> = {}): DenseLayerWeights => ({
  name: 'dense_test',
  inputSize: 2,
  units: 3,
  kernel: Float32Array.from([1, -2, 0.5, 3, 1, -1]),
  bias: Float32Array.from([0.1, 0.2, -0.3]),
  activation,
  ...overrides,
});
const X = [[1, 2], [-1, 0.5]];
// x·kernel + bias, by hand: [1,2] -> [1+6+0.1, -2+2+0.2, 0.5-2-0.3] ; [-1,0.5] -> [-1+1.5+0.1, 2+0.5+0.2, -0.5-0.5-0.3]
const LINEAR = [[7.1, 0.2, -1.8], [0.6, 2.7, -1.3]];

/** Calls `build`; an error other than an unfinished step fails with `hint`, which says what to fix. */
function mustBuild<T>(build: () => T, hint: string): T {
  try {
    return build();
  } catch (error) {
    if (isNotImplementedError(error)) throw error;
    throw new Error(`${hint} (it threw: ${String(error)})`, { cause: error });
  }
}

async function run(
  activation: string,
  overrides: Partial<DenseLayerWeights> = {},
  hint = `denseLayerToOnnx must build a "${activation}" layer without throwing`,
): Promise<{ values: number[][]; ops: string[] }> {
  const graph = new OnnxGraphBuilder();
  const input = graph.input('x', ['batch', 2]);
  const out: unknown = mustBuild(() => denseLayerToOnnx(graph, layer(activation, overrides), input), hint);
  expect(typeof out, 'denseLayerToOnnx must return the name of the value its last node produces').toBe('string');
  graph.output('y', out as string, ['batch', 3]);
  const bytes = graph.toModelBytes('dense-test');
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(X.flat()), [2, 2]) });
  await session.release();
  const data = Array.from(result.y!.data as Float32Array);
  const ops = (onnx.ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '');
  return { values: [data.slice(0, 3), data.slice(3, 6)], ops };
}

function expectClose(actual: number[][], expected: number[][], what: string): void {
  actual.flat().forEach((v, i) => expect(v, `${what}: value ${i} of the output`).toBeCloseTo(expected.flat()[i]!, 5));
}

describe('step 3: denseLayerToOnnx', () => {
  it('computes input · kernel + bias with one Gemm node for a linear layer', async () => {
    const { values, ops } = await run('linear');
    expect(ops, 'a linear Dense layer is a single Gemm node (add kernel and bias as initializers, then graph.node("Gemm", ...))').toEqual(['Gemm', 'Identity']);
    expectClose(values, LINEAR, 'Gemm(input, kernel, bias): check the kernel dims are [inputSize, units]');
  });

  it('adds a Relu node after the Gemm for relu', async () => {
    const { values, ops } = await run('relu');
    expect(ops, 'relu: Gemm, then a Relu node that takes the Gemm output').toEqual(['Gemm', 'Relu', 'Identity']);
    expectClose(values, LINEAR.map((r) => r.map((v) => Math.max(0, v))), 'Relu(Gemm(...))');
  });

  it('adds Tanh and Sigmoid nodes for tanh and sigmoid', async () => {
    expectClose((await run('tanh')).values, LINEAR.map((r) => r.map(Math.tanh)), 'Tanh(Gemm(...))');
    expectClose((await run('sigmoid')).values, LINEAR.map((r) => r.map((v) => 1 / (1 + Math.exp(-v)))), 'Sigmoid(Gemm(...))');
  });

  it('adds a Softmax over each row for softmax', async () => {
    const { values, ops } = await run('softmax');
    expect(ops).toEqual(['Gemm', 'Softmax', 'Identity']);
    const softmax = (r: number[]) => r.map((v) => Math.exp(v) / r.reduce((s, w) => s + Math.exp(w), 0));
    expectClose(values, LINEAR.map(softmax), 'Softmax(Gemm(...)) over the last axis (axis -1): each row sums to 1');
  });

  it('treats a layer without bias (bias null) as a zero bias', async () => {
    const hint = 'layer.bias is null for a Dense layer built with useBias: false: use zeros of length units (new Float32Array(layer.units))';
    const { values } = await run('linear', { bias: null }, hint);
    const noBias = LINEAR.map((r) => r.map((v, u) => v - [0.1, 0.2, -0.3][u]!));
    expectClose(values, noBias, hint);
  });

  it('chains layers: the second reads the value the first returns, and each names its nodes after its layer', async () => {
    const graph = new OnnxGraphBuilder();
    const hidden = denseLayerToOnnx(graph, layer('relu'), graph.input('x', ['batch', 2]));
    const second: DenseLayerWeights = { ...layer('softmax'), name: 'dense_second', inputSize: 3, units: 2, kernel: Float32Array.from([1, 0, 0, 1, 1, -1]), bias: Float32Array.from([0, 0.5]) };
    const out = mustBuild(() => denseLayerToOnnx(graph, second, hidden), 'two layers in one graph need different node names: prefix them with layer.name');
    graph.output('y', out, ['batch', 2]);
    const session = await ort.InferenceSession.create(graph.toModelBytes('two-layers'));
    const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(X.flat()), [2, 2]) });
    await session.release();
    const relu = LINEAR.map((r) => r.map((v) => Math.max(0, v)));
    const logits = relu.map((h) => [h[0]! + h[2]! + 0, h[1]! - h[2]! + 0.5]);
    const softmax = (r: number[]) => r.map((v) => Math.exp(v) / r.reduce((s, w) => s + Math.exp(w), 0));
    const data = Array.from(result.y!.data as Float32Array);
    expectClose([data.slice(0, 2), data.slice(2, 4)], logits.map(softmax), 'Softmax(Gemm(Relu(Gemm(x)))): build each Gemm on the `input` argument');
  });

  it('rejects an activation ONNX export does not support, naming the layer', () => {
    expect(() => denseLayerToOnnx(new OnnxGraphBuilder(), layer('elu'), 'x')).toThrow(/layer "dense_test": activation "elu"/);
  });
});
