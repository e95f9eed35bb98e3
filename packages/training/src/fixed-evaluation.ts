// Scores a model on the fixed evaluation set, population by population, for its lineage and for promotion gates.

import { QUALITY_BANDS } from '@mlops/dataset';
import type { FixedEvaluation } from '@mlops/model-store';
import type { EvaluationSet } from './evaluation-set';
import { argmaxRows, evaluate } from './metrics';
import { wineFeatures, wineLabels } from './wine-split';

/** Class probabilities of raw feature rows, e.g. an onnxruntime session of the exported model. */
export type ScoreRows = (features: number[][]) => Promise<readonly (readonly number[])[]>;

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Accuracy and macro-F1 of `score` on each population of `set` (rounded to 4 decimals, as the manifest keeps them).
 * @example const evaluation = await evaluateOnFixedSet(await loadEvaluationSet(), onnxScorer(run.onnxBytes));
 */
export async function evaluateOnFixedSet(set: EvaluationSet, score: ScoreRows): Promise<FixedEvaluation> {
  const populations: FixedEvaluation['populations'] = {};
  for (const p of set.populations) {
    const result = evaluate(wineLabels([...p.rows]), argmaxRows(await score(wineFeatures([...p.rows]))), QUALITY_BANDS);
    populations[p.name] = { rows: result.rows, accuracy: round4(result.accuracy), macroF1: round4(result.macroF1) };
  }
  return { id: set.id, sha256: set.sha256, data: [...set.data], populations };
}
