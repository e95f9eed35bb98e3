// Tests of the committed default model: checksum, batch sizes, and real quality on the test split.

import { QUALITY_BANDS, loadWines, qualityClass } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY, readAliasHistory, resolveModelVersion, sha256File, verifyModel } from '@mlops/model-store';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/data-file';
import { loadEvaluationSet } from '../src/evaluation-set';
import { evaluateOnFixedSet } from '../src/fixed-evaluation';
import { argmaxRows, evaluate } from '../src/metrics';
import { onnxScorer } from '../src/onnx-scorer';
import { splitWines } from '../src/wine-split';
import { runOnnx } from './onnx-runtime';

describe('models/wine-quality (committed)', () => {
  it('matches the sha256 in its manifest and declares features [-1, 11] -> probabilities [-1, 3]', async () => {
    const { manifest } = await verifyModel(DEFAULT_MODEL_REPOSITORY, 'wine-quality');
    expect(manifest.inputs).toEqual([{ name: 'features', datatype: 'FP32', shape: [-1, 11] }]);
    expect(manifest.outputs).toEqual([{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }]);
    expect(manifest.classLabels).toEqual([...QUALITY_BANDS]);
    expect(manifest.profile.features).toHaveLength(11);
  });

  it('runs with batch sizes 1 and 7, giving probabilities that sum to 1', async () => {
    const { modelPath } = await verifyModel(DEFAULT_MODEL_REPOSITORY, 'wine-quality');
    const rows = (await loadWines('red')).slice(0, 7).map((r) => r.features);
    const one = await runOnnx(modelPath, rows.slice(0, 1));
    const seven = await runOnnx(modelPath, rows);
    expect(one).toHaveLength(1);
    expect(seven).toHaveLength(7);
    for (const p of seven) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(seven[0]![0]).toBeCloseTo(one[0]![0]!, 6);
  });

  it('reproduces its manifest metrics and beats the majority baseline on macro-F1 by more than 0.3', async () => {
    // Committed v1: accuracy 0.671, macro-F1 0.611 vs majority-class ("low") accuracy 0.479, macro-F1 0.216.
    const { modelPath, manifest } = await verifyModel(DEFAULT_MODEL_REPOSITORY, 'wine-quality');
    const { test } = splitWines(await loadWines('red'), manifest.training.seed);
    const predicted = argmaxRows(await runOnnx(modelPath, test.map((r) => r.features)));
    const result = evaluate(test.map((r) => qualityClass(r.quality)), predicted, QUALITY_BANDS);
    expect(result.accuracy).toBeCloseTo(manifest.metrics.accuracy, 3);
    expect(result.macroF1).toBeCloseTo(manifest.metrics.macroF1, 3);
    expect(result.macroF1 - manifest.metrics.baseline.macroF1).toBeGreaterThan(0.3);
    expect(result.accuracy).toBeGreaterThan(manifest.metrics.baseline.accuracy + 0.1);
  });

  it('records a lineage that still holds: data checksums, seed, code commit, no parent, fixed-evaluation figures', async () => {
    const { modelPath, manifest } = await verifyModel(DEFAULT_MODEL_REPOSITORY, 'wine-quality');
    const lineage = manifest.lineage!;
    expect(lineage).toMatchObject({ seed: manifest.training.seed, parentVersion: null, code: { source: 'git', version: expect.stringMatching(/^[0-9a-f]{40}$/), dirty: false } });
    for (const file of [...lineage.data, ...lineage.evaluation.data]) expect(await sha256File(`${PROJECT_ROOT}/${file.path}`), file.path).toBe(file.sha256);
    const set = await loadEvaluationSet();
    expect(lineage.evaluation.sha256).toBe(set.sha256);
    // Recomputed with onnxruntime on the file: the red part is the test split, so its figures are the manifest's test metrics.
    expect(await evaluateOnFixedSet(set, onnxScorer(modelPath))).toEqual(lineage.evaluation);
    expect(lineage.evaluation.populations.red).toEqual({ rows: 240, accuracy: manifest.metrics.accuracy, macroF1: manifest.metrics.macroF1 });
  });

  it('ships version 1 as the production alias, with its history', async () => {
    expect(await resolveModelVersion(DEFAULT_MODEL_REPOSITORY, 'wine-quality')).toMatchObject({ version: '1', via: 'production' });
    expect((await readAliasHistory(DEFAULT_MODEL_REPOSITORY, 'wine-quality'))[0]).toMatchObject({ revision: 1, alias: 'production', from: null, to: '1' });
  });
});
