// Tests of the ONNX exporter: graph declarations, parity with tfjs on every test row, clear errors for what it cannot export.

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, runOnnx } from '../test/onnx-runtime';
import { selectBackend } from './backend';
import { argmaxRows } from './metrics';
import { buildMlpOnnx, exportToOnnx, readDenseLayer } from './onnx-export';
import { onnx, type OnnxValueInfo } from './onnx-graph';
import { trainWineModel, type TrainedWineModel } from './train-wine-model';

let run: TrainedWineModel;
beforeAll(async () => {
  await selectBackend('cpu');
  run = await trainWineModel({ epochs: 5, seed: 7 });
});
afterAll(() => run?.model.dispose());

const identity = { mean: new Array(11).fill(0), std: new Array(11).fill(1) };

describe('exportToOnnx', () => {
  it('agrees with tfjs on every test row (max abs diff <= 1e-4, same argmax)', async () => {
    const onnxProbabilities = await runOnnx(run.onnxBytes, run.split.test.map((r) => r.features));
    expect(onnxProbabilities).toHaveLength(run.split.test.length);
    expect(maxAbsDiff(onnxProbabilities, run.testProbabilities)).toBeLessThanOrEqual(1e-4);
    expect(argmaxRows(onnxProbabilities)).toEqual(argmaxRows(run.testProbabilities));
  });

  it('declares IR version 8, opset 13, input "features" [batch, 11] and output "probabilities" [batch, 3]', () => {
    const model = onnx.ModelProto.decode(run.onnxBytes);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    const dims = (v: OnnxValueInfo) => v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect(model.graph?.input?.map((v) => [v.name, dims(v)])).toEqual([['features', ['batch', 11]]]);
    expect(model.graph?.output?.map((v) => [v.name, dims(v)])).toEqual([['probabilities', ['batch', 3]]]);
    expect(model.graph?.node?.map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax', 'Identity']);
  });

  it('exports tanh, sigmoid and linear hidden layers faithfully', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ name: 'h_tanh', inputShape: [11], units: 8, activation: 'tanh' }),
        tf.layers.dense({ name: 'h_sigmoid', units: 6, activation: 'sigmoid' }),
        tf.layers.dense({ name: 'h_linear', units: 5, activation: 'linear', useBias: false }),
        tf.layers.dense({ name: 'out', units: 3, activation: 'softmax' }),
      ],
    });
    const rows = run.split.test.slice(0, 20).map((r) => r.features);
    const stats = run.standardizer;
    const expected = tf.tidy(() => (model.predict(tf.tensor2d(rows).sub(stats.mean).div(stats.std)) as tf.Tensor2D).arraySync());
    expect(maxAbsDiff(await runOnnx(exportToOnnx(model, stats), rows), expected)).toBeLessThanOrEqual(1e-4);
    model.dispose();
  });

  it('builds every layer with the converter it is given, in order, the first reading the standardised features', () => {
    const calls: string[] = [];
    const layers = run.model.layers.map(readDenseLayer);
    buildMlpOnnx(run.standardizer, layers, (graph, layer, input) => {
      calls.push(`${layer.name} <- ${input}`);
      return graph.node('Identity', [input], `${layer.name}/out`);
    });
    expect(calls).toEqual(['hidden_1 <- standardizer/div', 'hidden_2 <- hidden_1/out', 'output <- hidden_2/out']);
  });

  it('rejects a layer it cannot translate, naming the layer', () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [11], units: 4 }), tf.layers.dropout({ name: 'my_dropout', rate: 0.2 }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    expect(() => exportToOnnx(model, identity)).toThrow('layer "my_dropout" (Dropout) cannot be exported to ONNX: only Dense layers are supported');
    model.dispose();
  });

  it('rejects an activation it cannot translate, naming the layer and the activation', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ name: 'hidden_elu', inputShape: [11], units: 4, activation: 'elu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    expect(() => exportToOnnx(model, identity)).toThrow(/layer "hidden_elu": activation "elu" cannot be exported/);
    model.dispose();
  });

  it('refuses a model whose last layer does not output probabilities', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ name: 'logits', inputShape: [11], units: 3 })] });
    expect(() => exportToOnnx(model, identity)).toThrow(/layer "logits": the last layer must use softmax/);
    model.dispose();
  });
});
