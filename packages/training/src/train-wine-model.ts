// The whole training pipeline: load red wines, split, standardise, train, evaluate vs baseline, export to ONNX.

import type * as tf from '@tensorflow/tfjs';
import { loadWines, QUALITY_BANDS, type DatasetSplit, type WineRow } from '@mlops/dataset';
import { buildMlp, DEFAULT_HIDDEN_UNITS, predictProbabilities } from './mlp';
import { exportToOnnx } from './onnx-export';
import { fitStandardizer, standardize, type Standardizer } from './standardizer';
import { trainMlp, type EpochLog, type TrainResult } from './train-mlp';
import { evaluateWineModel, type WineEvaluation } from './wine-evaluation';
import { splitWines, wineFeatures, wineLabels } from './wine-split';

/** Options of {@link trainWineModel}; every default reproduces the committed model. */
export interface TrainWineOptions {
  /** Seed of the split, the initial weights and the shuffles. @defaultValue 42 */
  readonly seed?: number;
  /** Maximum epochs (early stopping usually ends sooner). @defaultValue 200 */
  readonly epochs?: number;
  /** @defaultValue 20 */
  readonly patience?: number;
  /** @defaultValue [32, 16] */
  readonly hiddenUnits?: readonly number[];
  /** Rows to train on. @defaultValue the red wines */
  readonly rows?: readonly WineRow[];
  /** Called after each epoch. */
  readonly onEpoch?: (log: EpochLog) => void;
}

/** Everything a training run produces. Dispose `model` when done (`model.dispose()`). */
export interface TrainedWineModel extends TrainResult, WineEvaluation {
  readonly model: tf.LayersModel;
  readonly standardizer: Standardizer;
  readonly split: DatasetSplit<WineRow>;
  readonly seed: number;
  readonly epochs: number;
  readonly hiddenUnits: readonly number[];
  /** tfjs class probabilities for every test row, in test-split order. */
  readonly testProbabilities: number[][];
  /** The exported ONNX model. */
  readonly onnxBytes: Uint8Array;
}

/**
 * Trains the wine-quality MLP and exports it. Standardisation statistics come from the training split only
 * and end up inside the ONNX graph, so servers feed raw features.
 * @example const run = await trainWineModel({ seed: 42 }); await writeFile('model.onnx', run.onnxBytes);
 */
export async function trainWineModel(options: TrainWineOptions = {}): Promise<TrainedWineModel> {
  const { seed = 42, epochs = 200, patience = 20, hiddenUnits = DEFAULT_HIDDEN_UNITS, onEpoch } = options;
  const split = splitWines(options.rows ?? (await loadWines('red')), seed);
  const standardizer = fitStandardizer(wineFeatures(split.train));
  const scaled = (part: readonly WineRow[]): number[][] => standardize(wineFeatures(part), standardizer);

  const classes = QUALITY_BANDS.length;
  const model = buildMlp({ inputSize: standardizer.mean.length, hiddenUnits, classes, seed });
  const data = { xTrain: scaled(split.train), yTrain: wineLabels(split.train), xValidation: scaled(split.validation), yValidation: wineLabels(split.validation), classes };
  const result = await trainMlp(model, data, { epochs, patience, seed, onEpoch });

  const testProbabilities = predictProbabilities(model, scaled(split.test));
  const onnxBytes = exportToOnnx(model, standardizer, {
    docString: `Wine quality band (low <=5, medium 6, high >=7) from 11 raw physicochemical features; seed ${seed}.`,
  });
  return { ...result, ...evaluateWineModel(split, testProbabilities), model, standardizer, split, seed, epochs, hiddenUnits, testProbabilities, onnxBytes };
}
