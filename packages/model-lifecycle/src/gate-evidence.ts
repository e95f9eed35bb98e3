// Gate evidence from a model manifest: the fixed-evaluation figures its lineage records.

import type { ModelManifest } from '@mlops/model-store';
import { NoLineageError } from './errors';
import type { GateEvidence } from './evaluation-gate';

/**
 * The figures a manifest's lineage records on its fixed evaluation set, as gate evidence. The test-split metrics
 * of `manifest.metrics` are deliberately not used: each version's test split comes from its own training data.
 * @throws NoLineageError for a manifest written before lineage (score that version on the set instead)
 * @example evaluateGate(evidenceFromManifest(candidate), evidenceFromManifest(production), policy)
 */
export function evidenceFromManifest(manifest: ModelManifest): GateEvidence {
  const evaluation = manifest.lineage?.evaluation;
  if (!evaluation) throw new NoLineageError(manifest.name, manifest.version);
  return {
    model: `${manifest.name}/${manifest.version}`,
    evaluationSet: { id: evaluation.id, sha256: evaluation.sha256 },
    populations: Object.fromEntries(Object.entries(evaluation.populations).map(([name, p]) => [name, { rows: p.rows, macroF1: p.macroF1 }])),
  };
}
