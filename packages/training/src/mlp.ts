// The model: a small multi-layer perceptron (11 -> 32 -> 16 -> 3) with seeded initialisers, built in TensorFlow.js, and its predictions.

import * as tf from '@tensorflow/tfjs';

/** Shape and settings of the MLP. */
export interface MlpOptions {
  /** Number of input features. @defaultValue 11 */
  readonly inputSize?: number;
  /** Units of each hidden layer. @defaultValue [32, 16] */
  readonly hiddenUnits?: readonly number[];
  /** Number of classes (softmax outputs). @defaultValue 3 */
  readonly classes?: number;
  /** Hidden activation. @defaultValue 'relu' */
  readonly activation?: 'relu' | 'tanh' | 'sigmoid';
  /** Seed of the weight initialisers: same seed, same starting weights. @defaultValue 42 */
  readonly seed?: number;
  /** Adam learning rate. @defaultValue 0.001 */
  readonly learningRate?: number;
}

/** Default hidden layer sizes. */
export const DEFAULT_HIDDEN_UNITS = [32, 16] as const;

/**
 * Builds and compiles the classifier (Adam, categorical cross-entropy, accuracy).
 * @example const model = buildMlp({ seed: 7 }); model.predict(tf.zeros([1, 11]));
 */
export function buildMlp(options: MlpOptions = {}): tf.Sequential {
  const { inputSize = 11, hiddenUnits = DEFAULT_HIDDEN_UNITS, classes = 3, activation = 'relu', seed = 42, learningRate = 0.001 } = options;
  const model = tf.sequential({ name: 'wine_quality_mlp' });
  const sizes = [...hiddenUnits, classes];
  sizes.forEach((units, i) => {
    const isLast = i === sizes.length - 1;
    model.add(
      tf.layers.dense({
        name: isLast ? 'output' : `hidden_${i + 1}`,
        units,
        activation: isLast ? 'softmax' : activation,
        inputShape: i === 0 ? [inputSize] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + i }),
        biasInitializer: 'zeros',
      }),
    );
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Class probabilities of `model` for each row, as plain arrays (tensors are freed). Rows must already be
 * standardised: the tfjs model has no standardiser (the exported ONNX graph does).
 * @example predictProbabilities(run.model, standardize(rawRows, run.standardizer)); // [[0.7, 0.2, 0.1], ...]
 */
export function predictProbabilities(model: tf.LayersModel, rows: readonly (readonly number[])[]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows as number[][])) as tf.Tensor2D).arraySync());
}
