// The lineage of a `npm run train` run: red wine file, seed, code version, parent, and the exported model on the fixed evaluation set.

import { RED_WINE_CSV } from '@mlops/dataset';
import type { Lineage } from '@mlops/model-store';
import { loadEvaluationSet } from '../evaluation-set';
import { evaluateOnFixedSet } from '../fixed-evaluation';
import { collectLineage } from '../lineage';
import { onnxScorer } from '../onnx-scorer';
import type { TrainedWineModel } from '../train-wine-model';

/** Gathers the lineage of a run trained on the bundled red wines, to be written as `version` of `name`. */
export async function trainingLineage(run: TrainedWineModel, target: { repository: string; name: string; version: string }): Promise<Lineage> {
  const rows = run.split.train.length + run.split.validation.length + run.split.test.length;
  const evaluation = await evaluateOnFixedSet(await loadEvaluationSet(), onnxScorer(run.onnxBytes));
  return collectLineage({ dataFiles: [{ path: RED_WINE_CSV, rows }], seed: run.seed, ...target, evaluation });
}

/** The fixed-evaluation figures as a small table, one line per population. */
export function formatFixedEvaluation(evaluation: Lineage['evaluation']): string {
  const lines = Object.entries(evaluation.populations).map(
    ([name, m]) => `${name.padEnd(10)}${String(m.rows).padStart(6)}  ${(m.accuracy * 100).toFixed(1).padStart(6)}%  ${m.macroF1.toFixed(3).padStart(8)}`,
  );
  return [`fixed evaluation set ${evaluation.id}`, `${'population'.padEnd(10)}${'rows'.padStart(6)}  ${'accuracy'.padStart(7)}  ${'macro-F1'.padStart(8)}`, ...lines].join('\n');
}
