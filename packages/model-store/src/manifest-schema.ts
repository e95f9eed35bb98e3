// The manifest.json schema (zod) that sits next to every model.onnx: identity, checksum, I/O, metrics, data profile.

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

/** The manifest.json of one model version. */
export const ModelManifestSchema = z.object({
  name: z.string().regex(MODEL_NAME_PATTERN),
  version: z.string().regex(VERSION_PATTERN),
  /** ISO 8601 time the version was written. */
  created: z.iso.datetime({ offset: true }),
  /** Hex sha256 of model.onnx; checked before a model is served. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
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
});

/** The manifest.json of one model version (see {@link ModelManifestSchema}). */
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/** Turns zod issues into one line: `metrics.accuracy: Too big ...; sha256: Invalid string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
