// The whole training pipeline: load red wines, split, standardise, train, evaluate vs baseline, export to ONNX.

import type * as tf from '@tensorflow/tfjs';
import { loadWines, QUALITY_BANDS, qualityClass, splitDataset, type DatasetSplit, type WineRow } from '@mlops/dataset';
import { argmaxRows, evaluate, majorityClass, type Evaluation } from './metrics';
import { buildMlp, DEFAULT_HIDDEN_UNITS, predictProbabilities } from './mlp';
import { denseLayerToOnnx } from './onnx-dense-layer';
import { exportToOnnx } from './onnx-export';
import { fitStandardizer, standardize, type Standardizer } from './standardizer';
import { trainMlp, type EpochLog, type TrainResult } from './train-mlp';

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
  /** Replace steps with your own implementations (lab 02 trains on the learner's code). */
  readonly steps?: {
    readonly fitStandardizer?: typeof fitStandardizer;
    readonly standardize?: typeof standardize;
    readonly convertDense?: typeof denseLayerToOnnx;
  };
}

/** Everything a training run produces. Dispose `model` when done (`model.dispose()`). */
export interface TrainedWineModel extends TrainResult {
  readonly model: tf.LayersModel;
  readonly standardizer: Standardizer;
  readonly split: DatasetSplit<WineRow>;
  readonly seed: number;
  readonly epochs: number;
  readonly hiddenUnits: readonly number[];
  /** tfjs class probabilities for every test row, in test-split order. */
  readonly testProbabilities: number[][];
  readonly evaluation: Evaluation;
  /** The majority-class baseline on the same test rows. */
  readonly baseline: Evaluation & { readonly predictedLabel: string };
  /** The exported ONNX model. */
  readonly onnxBytes: Uint8Array;
}

/** Split fractions used for validation (early stopping) and test (reported metrics). */
export const SPLIT_FRACTIONS = { validation: 0.15, test: 0.15 } as const;

/**
 * Trains the wine-quality MLP and exports it. Standardisation statistics come from the training split only
 * and end up inside the ONNX graph, so servers feed raw features.
 * @example const run = await trainWineModel({ seed: 42 }); await writeFile('model.onnx', run.onnxBytes);
 */
export async function trainWineModel(options: TrainWineOptions = {}): Promise<TrainedWineModel> {
  const { seed = 42, epochs = 200, patience = 20, hiddenUnits = DEFAULT_HIDDEN_UNITS, onEpoch } = options;
  const fit = options.steps?.fitStandardizer ?? fitStandardizer;
  const scale = options.steps?.standardize ?? standardize;
  const rows = options.rows ?? (await loadWines('red'));
  const split = splitDataset(rows, { seed, ...SPLIT_FRACTIONS });
  const features = (part: readonly WineRow[]): number[][] => part.map((r) => r.features);
  const labels = (part: readonly WineRow[]): number[] => part.map((r) => qualityClass(r.quality));

  const standardizer = fit(features(split.train));
  const classes = QUALITY_BANDS.length;
  const model = buildMlp({ inputSize: standardizer.mean.length, hiddenUnits, classes, seed });
  const result = await trainMlp(
    model,
    {
      xTrain: scale(features(split.train), standardizer),
      yTrain: labels(split.train),
      xValidation: scale(features(split.validation), standardizer),
      yValidation: labels(split.validation),
      classes,
    },
    { epochs, patience, seed, onEpoch },
  );

  const testProbabilities = predictProbabilities(model, scale(features(split.test), standardizer));
  const truth = labels(split.test);
  const evaluation = evaluate(truth, argmaxRows(testProbabilities), QUALITY_BANDS);
  const majority = majorityClass(labels(split.train), classes);
  const baseline = {
    ...evaluate(truth, truth.map(() => majority), QUALITY_BANDS),
    predictedLabel: QUALITY_BANDS[majority]!,
  };
  const onnxBytes = exportToOnnx(model, standardizer, {
    convertDense: options.steps?.convertDense,
    docString: `Wine quality band (low <=5, medium 6, high >=7) from 11 raw physicochemical features; seed ${seed}.`,
  });
  return { ...result, model, standardizer, split, seed, epochs, hiddenUnits, testProbabilities, evaluation, baseline, onnxBytes };
}
