// Test helpers (also `@mlops/model-store/testing`): a throw-away repository folder, a minimal valid manifest and lineage.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelManifest } from '../src/manifest-schema';

/** Makes an empty temp folder; returns it and a function that deletes it. */
export async function tempRepository(): Promise<{ repository: string; cleanup: () => Promise<void> }> {
  const repository = await mkdtemp(join(tmpdir(), 'model-store-test-'));
  return { repository, cleanup: () => rm(repository, { recursive: true, force: true }) };
}

const profile = {
  name: 'alcohol',
  key: 'alcohol',
  min: 8,
  max: 15,
  mean: 10.4,
  std: 1,
  quantiles: { p1: 9, p5: 9.2, p25: 9.5, p50: 10.2, p75: 11.1, p95: 12.5, p99: 13.4 },
  histogram: { edges: [8, 11.5, 15], counts: [3, 1] },
};

/** A valid manifest without sha256 (writeModelVersion fills it in). */
export function exampleManifest(name: string, version: string): Omit<ModelManifest, 'sha256'> {
  return {
    name,
    version,
    created: new Date(0).toISOString(),
    platform: 'onnx_onnxv1',
    framework: { trainingBackend: 'cpu', tfjsVersion: '4.22.0', onnxOpset: 13, onnxIrVersion: 8 },
    inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 11] }],
    outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    featureNames: ['alcohol'],
    featureKeys: ['alcohol'],
    classLabels: ['low', 'medium', 'high'],
    metrics: {
      split: 'test',
      rows: 4,
      accuracy: 0.75,
      macroF1: 0.7,
      perClass: [{ label: 'low', precision: 1, recall: 1, f1: 1, support: 4 }],
      confusionMatrix: [[4]],
      baseline: { strategy: 'majority-class', predictedLabel: 'low', accuracy: 0.5, macroF1: 0.2 },
    },
    training: {
      dataset: 'winequality-red.csv',
      seed: 1,
      epochs: 5,
      epochsRun: 5,
      rows: { train: 4, validation: 1, test: 1 },
      hiddenUnits: [32, 16],
      finalLoss: 0.9,
      finalValLoss: 0.95,
    },
    profile: { split: 'train', rows: 4, features: [profile] },
  };
}

/** A valid lineage for {@link exampleManifest}: one data file, a git commit, metrics on two populations. */
export function exampleLineage(parentVersion: string | null = null): NonNullable<ModelManifest['lineage']> {
  const file = { path: 'packages/dataset/data/winequality-red.csv', sha256: 'a'.repeat(64), rows: 1599 };
  return {
    data: [file],
    seed: 42,
    code: { version: 'b'.repeat(40), source: 'git', dirty: false },
    parentVersion,
    evaluation: {
      id: 'wine-quality-eval-1',
      sha256: 'c'.repeat(64),
      data: [file],
      populations: { red: { rows: 240, accuracy: 0.67, macroF1: 0.61 }, white: { rows: 735, accuracy: 0.4, macroF1: 0.3 } },
    },
  };
}
