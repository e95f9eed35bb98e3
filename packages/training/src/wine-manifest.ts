// Builds the model-store manifest of a trained wine model: I/O, features, metrics, training facts, data profile, lineage.

import * as tf from '@tensorflow/tfjs';
import { FEATURE_KEYS, FEATURE_NAMES, QUALITY_BANDS } from '@mlops/dataset';
import type { Lineage, ModelManifest } from '@mlops/model-store';
import { profileFeatures } from './feature-profile';
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from './onnx-export';
import { ONNX_IR_VERSION, ONNX_OPSET } from './onnx-graph';
import type { TrainedWineModel } from './train-wine-model';

/** Where a manifest goes: model name, version and the tfjs backend that trained it. */
export interface ManifestTarget {
  readonly name: string;
  readonly version: string;
  readonly backend: string;
  /** @defaultValue now */
  readonly created?: Date;
  /** Where the version comes from (data, seed, code, parent, fixed-evaluation metrics); omitted when not given. */
  readonly lineage?: Lineage;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** The manifest of a training run (sha256 is filled in by `writeModelVersion`). */
export function buildWineManifest(run: TrainedWineModel, target: ManifestTarget): Omit<ModelManifest, 'sha256'> {
  const last = run.history.at(-1);
  const best = run.history.find((h) => h.epoch === run.bestEpoch) ?? last;
  return {
    name: target.name,
    version: target.version,
    created: (target.created ?? new Date()).toISOString(),
    platform: 'onnx_onnxv1',
    framework: { trainingBackend: target.backend, tfjsVersion: tf.version.tfjs, onnxOpset: ONNX_OPSET, onnxIrVersion: ONNX_IR_VERSION },
    inputs: [{ name: ONNX_INPUT_NAME, datatype: 'FP32', shape: [-1, FEATURE_NAMES.length] }],
    outputs: [{ name: ONNX_OUTPUT_NAME, datatype: 'FP32', shape: [-1, QUALITY_BANDS.length] }],
    featureNames: [...FEATURE_NAMES],
    featureKeys: [...FEATURE_KEYS],
    classLabels: [...QUALITY_BANDS],
    metrics: {
      split: 'test',
      rows: run.evaluation.rows,
      accuracy: round4(run.evaluation.accuracy),
      macroF1: round4(run.evaluation.macroF1),
      perClass: run.evaluation.perClass.map((m) => ({ ...m, precision: round4(m.precision), recall: round4(m.recall), f1: round4(m.f1) })),
      confusionMatrix: run.evaluation.confusionMatrix,
      baseline: {
        strategy: 'majority-class',
        predictedLabel: run.baseline.predictedLabel,
        accuracy: round4(run.baseline.accuracy),
        macroF1: round4(run.baseline.macroF1),
      },
    },
    training: {
      // The data files' names (from the lineage when given: a retraining adds new rows to the red wines).
      dataset: target.lineage ? target.lineage.data.map((file) => file.path.split('/').pop()).join(' + ') : 'winequality-red.csv',
      seed: run.seed,
      epochs: run.epochs,
      epochsRun: run.history.length,
      rows: { train: run.split.train.length, validation: run.split.validation.length, test: run.split.test.length },
      hiddenUnits: [...run.hiddenUnits],
      finalLoss: round4(best?.loss ?? Number.NaN),
      finalValLoss: round4(best?.valLoss ?? Number.NaN),
    },
    profile: {
      split: 'train',
      rows: run.split.train.length,
      features: profileFeatures(run.split.train.map((r) => r.features), FEATURE_NAMES, FEATURE_KEYS),
    },
    ...(target.lineage ? { lineage: target.lineage } : {}),
  };
}
