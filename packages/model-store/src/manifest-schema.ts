// The manifest.json schema (zod) that sits next to every model.onnx: identity, checksum, I/O, metrics, data profile, lineage.

import { z } from 'zod';

/** Model names: lower-case, no slashes, cannot start with a dot, so they never escape the repository. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** Versions: a string of digits, like Triton's numbered version folders. */
export const VERSION_PATTERN = /^\d+$/;

/** An input or output tensor, as the Open Inference Protocol's model metadata describes it (-1 = any size). */
export const TensorSpecSchema = z.object({
  name: z.string().min(1),
  datatype: z.enum(['FP32', 'INT64']),
  shape: z.array(z.number().int().min(-1)),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

/** Distribution of one feature on the training split: the reference for drift checks. */
export const FeatureProfileSchema = z.object({
  name: z.string(),
  key: z.string(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number(),
  quantiles: z.object({ p1: z.number(), p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number(), p99: z.number() }),
  /** `counts[i]` rows fell in `[edges[i], edges[i+1])` (the last bin includes its right edge). */
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int().nonnegative()) }),
});
export type FeatureProfile = z.infer<typeof FeatureProfileSchema>;

const ClassificationMetricsSchema = z.object({
  accuracy: z.number().min(0).max(1),
  macroF1: z.number().min(0).max(1),
});

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** A data file a version was trained or evaluated on, with its sha256 when it was read. */
export const DataFileSchema = z.object({
  /** Path relative to the project root when inside it (e.g. `packages/dataset/data/winequality-red.csv`), else absolute. */
  path: z.string().min(1),
  sha256: Sha256Schema,
  rows: z.number().int().nonnegative(),
});
export type DataFile = z.infer<typeof DataFileSchema>;

/** Accuracy and macro-F1 of a model on one population of the evaluation set. */
export const PopulationMetricsSchema = z.object({
  rows: z.number().int().positive(),
  accuracy: z.number().min(0).max(1),
  macroF1: z.number().min(0).max(1),
});
export type PopulationMetrics = z.infer<typeof PopulationMetricsSchema>;

/**
 * Metrics on a fixed evaluation set: the same rows for every version of a model, so versions compare fairly.
 * `id` and `sha256` name the rows; two versions' figures are comparable only when both are equal.
 */
export const FixedEvaluationSchema = z.object({
  id: z.string().min(1).max(100),
  /** sha256 of the evaluation rows in their canonical order. */
  sha256: Sha256Schema,
  /** Files the evaluation rows come from. */
  data: z.array(DataFileSchema).min(1),
  /** Figures per population, e.g. `{ red: ..., white: ... }`. */
  populations: z.record(z.string().min(1).max(100), PopulationMetricsSchema),
});
export type FixedEvaluation = z.infer<typeof FixedEvaluationSchema>;

/** Where a version comes from: data, seed, code, parent and its figures on the fixed evaluation set. */
export const LineageSchema = z.object({
  /** Files the model was trained on (train and validation rows come from them). */
  data: z.array(DataFileSchema).min(1),
  seed: z.number().int(),
  code: z.object({
    /** A git commit (40 hex digits) or, outside a git checkout, `<package>@<version>`. */
    version: z.string().min(1).max(200),
    source: z.enum(['git', 'package']),
    /** The training code had uncommitted changes (git only). */
    dirty: z.boolean().optional(),
  }),
  /** The version this one was trained to replace (production then, else the latest); null for the first. */
  parentVersion: z.string().regex(VERSION_PATTERN).nullable(),
  evaluation: FixedEvaluationSchema,
});
export type Lineage = z.infer<typeof LineageSchema>;

/** The manifest.json of one model version. */
export const ModelManifestSchema = z.object({
  name: z.string().regex(MODEL_NAME_PATTERN),
  version: z.string().regex(VERSION_PATTERN),
  /** ISO 8601 time the version was written. */
  created: z.iso.datetime({ offset: true }),
  /** Hex sha256 of model.onnx; checked before a model is served. */
  sha256: Sha256Schema,
  /** Open Inference Protocol platform string. */
  platform: z.literal('onnx_onnxv1'),
  framework: z.object({
    /** tfjs backend that trained the model, e.g. "cpu", "wasm", "tensorflow". */
    trainingBackend: z.string(),
    tfjsVersion: z.string(),
    onnxOpset: z.number().int(),
    onnxIrVersion: z.number().int(),
  }),
  inputs: z.array(TensorSpecSchema).min(1),
  outputs: z.array(TensorSpecSchema).min(1),
  /** CSV column names of the inputs, in model order. */
  featureNames: z.array(z.string()),
  /** JSON keys of the inputs, in model order. */
  featureKeys: z.array(z.string()),
  /** Class label of each output column, e.g. ['low', 'medium', 'high']. */
  classLabels: z.array(z.string()).min(2),
  /** Figures on the held-out test split, next to a majority-class baseline. */
  metrics: z.object({
    split: z.literal('test'),
    rows: z.number().int().nonnegative(),
    accuracy: z.number().min(0).max(1),
    macroF1: z.number().min(0).max(1),
    perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() })),
    confusionMatrix: z.array(z.array(z.number().int())),
    baseline: ClassificationMetricsSchema.extend({ strategy: z.literal('majority-class'), predictedLabel: z.string() }),
  }),
  training: z.object({
    dataset: z.string(),
    seed: z.number().int(),
    /** Maximum epochs asked for, and epochs actually run before early stopping. */
    epochs: z.number().int().positive(),
    epochsRun: z.number().int().positive(),
    rows: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    hiddenUnits: z.array(z.number().int().positive()),
    finalLoss: z.number(),
    finalValLoss: z.number(),
  }),
  /** Distribution of each raw feature on the training split, in model order. */
  profile: z.object({
    split: z.literal('train'),
    rows: z.number().int().positive(),
    features: z.array(FeatureProfileSchema),
  }),
  /** Lineage; absent from manifests written before it was recorded (they still load). */
  lineage: LineageSchema.optional(),
});

/** The manifest.json of one model version (see {@link ModelManifestSchema}). */
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/** Turns zod issues into one line: `metrics.accuracy: Too big ...; sha256: Invalid string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
