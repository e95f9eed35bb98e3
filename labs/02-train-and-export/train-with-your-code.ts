// Lab 02's training run: @mlops/training's public building blocks, with YOUR standardiser and Dense export in every place they act.

import { loadWines, QUALITY_BANDS, type WineRow } from '@mlops/dataset';
import {
  buildMlp,
  buildMlpOnnx,
  DEFAULT_HIDDEN_UNITS,
  evaluateWineModel,
  predictProbabilities,
  readDenseLayer,
  splitWines,
  trainMlp,
  wineFeatures,
  wineLabels,
  type TrainedWineModel,
  type TrainWineOptions,
} from '@mlops/training';

/** The learner's code: steps 1 and 2 (src/standardizer.ts) and step 3 (src/onnx-dense-layer.ts). */
export type YourSteps = Pick<typeof import('./starter/standardizer'), 'fitStandardizer' | 'standardize'> &
  Pick<typeof import('./starter/onnx-dense-layer'), 'denseLayerToOnnx'>;

/**
 * Trains the wine model as `npm run train` does (same split, MLP, early stopping, evaluation and graph
 * layout), but the statistics come from your `fitStandardizer`, tfjs sees rows scaled by your `standardize`,
 * and every Dense layer in the ONNX file is built by your `denseLayerToOnnx`.
 * @example const run = await trainWithYourCode({ fitStandardizer, standardize, denseLayerToOnnx }, { epochs: 5 });
 */
export async function trainWithYourCode(steps: YourSteps, options: TrainWineOptions = {}): Promise<TrainedWineModel> {
  const { seed = 42, epochs = 200, patience = 20, hiddenUnits = DEFAULT_HIDDEN_UNITS, onEpoch } = options;
  const split = splitWines(options.rows ?? (await loadWines('red')), seed);
  const standardizer = steps.fitStandardizer(wineFeatures(split.train));
  const scaled = (part: readonly WineRow[]): number[][] => steps.standardize(wineFeatures(part), standardizer);

  const classes = QUALITY_BANDS.length;
  const model = buildMlp({ inputSize: standardizer.mean.length, hiddenUnits, classes, seed });
  const data = { xTrain: scaled(split.train), yTrain: wineLabels(split.train), xValidation: scaled(split.validation), yValidation: wineLabels(split.validation), classes };
  const result = await trainMlp(model, data, { epochs, patience, seed, onEpoch });

  const testProbabilities = predictProbabilities(model, scaled(split.test));
  const onnxBytes = buildMlpOnnx(standardizer, model.layers.map(readDenseLayer), steps.denseLayerToOnnx, {
    docString: `Lab 02: wine quality band from 11 raw features, trained with the learner's standardiser and Dense export; seed ${seed}.`,
  });
  return { ...result, ...evaluateWineModel(split, testProbabilities), model, standardizer, split, seed, epochs, hiddenUnits, testProbabilities, onnxBytes };
}
