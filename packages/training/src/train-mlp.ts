// Trains the MLP epoch by epoch with a seeded shuffle and early stopping on validation loss.

import * as tf from '@tensorflow/tfjs';
import { seededShuffle } from '@mlops/dataset';

/** What one epoch reports. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
}

/** Standardised inputs and class indices of the training and validation splits. */
export interface TrainingData {
  readonly xTrain: readonly (readonly number[])[];
  readonly yTrain: readonly number[];
  readonly xValidation: readonly (readonly number[])[];
  readonly yValidation: readonly number[];
  readonly classes: number;
}

/** Options of {@link trainMlp}. */
export interface TrainOptions {
  /** Maximum number of epochs. @defaultValue 200 */
  readonly epochs?: number;
  /** @defaultValue 32 */
  readonly batchSize?: number;
  /** Stop after this many epochs without a better validation loss. @defaultValue 20 */
  readonly patience?: number;
  /** Seed of the per-epoch shuffle. @defaultValue 42 */
  readonly seed?: number;
  /** Called after every epoch (progress bars, logs). */
  readonly onEpoch?: (log: EpochLog) => void;
}

/** The outcome of training: per-epoch history and where the best weights (now in the model) came from. */
export interface TrainResult {
  readonly history: EpochLog[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
}

/**
 * Fits `model` in place. Each epoch reshuffles the training rows with `seed + epoch`, so runs are
 * reproducible; when validation loss stops improving for `patience` epochs the best weights are restored.
 */
export async function trainMlp(model: tf.LayersModel, data: TrainingData, options: TrainOptions = {}): Promise<TrainResult> {
  const { epochs = 200, batchSize = 32, patience = 20, seed = 42, onEpoch } = options;
  const xValidation = tf.tensor2d(data.xValidation as number[][]);
  const yValidation = tf.oneHot(tf.tensor1d(data.yValidation as number[], 'int32'), data.classes);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = seededShuffle(Array.from(data.yTrain.keys()), seed * 100_003 + epoch);
      const x = tf.tensor2d(order.map((i) => data.xTrain[i]! as number[]));
      const y = tf.oneHot(tf.tensor1d(order.map((i) => data.yTrain[i]!), 'int32'), data.classes);
      const fit = await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0, validationData: [xValidation, yValidation] });
      tf.dispose([x, y]);
      const log: EpochLog = {
        epoch,
        loss: Number(fit.history.loss?.[0]),
        valLoss: Number(fit.history.val_loss?.[0]),
        valAccuracy: Number((fit.history.val_acc ?? fit.history.val_accuracy)?.[0]),
      };
      history.push(log);
      onEpoch?.(log);
      if (log.valLoss < best.loss - 1e-5) {
        tf.dispose(best.weights);
        best = { loss: log.valLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
      } else if (epoch - best.epoch >= patience) {
        break;
      }
    }
    if (best.weights.length > 0) model.setWeights(best.weights);
    return { history, bestEpoch: best.epoch, stoppedEarly: history.length < epochs };
  } finally {
    tf.dispose([xValidation, yValidation, ...best.weights]);
  }
}
