// One retraining, start to finish: data, training, fixed-set evaluation, the gate, then candidate or rejection record.

import { evaluateGate, evidenceFromManifest, type GatePolicy } from '@mlops/model-lifecycle';
import { listVersions, readManifest, resolveModelVersion, setAlias, sha256Bytes, writeModelVersion, nextVersion, type ModelManifest } from '@mlops/model-store';
import {
  buildWineManifest,
  collectLineage,
  evaluateOnFixedSet,
  loadEvaluationSet,
  selectBackend,
  trainingCurveSvg,
  trainWineModel,
  type BackendName,
} from '@mlops/training';
import { onnxScorer } from '@mlops/training/onnx-scorer';
import { NoProductionModelError } from './errors';
import type { RetrainJobData, RetrainOutcome, RetrainProgress } from './job-types';
import { recordRejection } from './rejection-log';
import { loadRetrainData, type RetrainDataConfig } from './training-data';

/** The gate's rules without the evaluation set (always the fixed set the candidate is scored on). */
export type RetrainGatePolicy = Omit<GatePolicy, 'evaluationSet'>;

/** The default gate: white wines (the new population) at least 0.02 macro-F1 better, red wines at most 0.01 worse. */
export const DEFAULT_RETRAIN_GATE: RetrainGatePolicy = { oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01 };

/** How a retraining trains; the defaults are `npm run train`'s. */
export interface RetrainTrainingOptions {
  /** @defaultValue 42 */
  readonly seed?: number;
  /** Maximum epochs. @defaultValue 200 */
  readonly epochs?: number;
  /** @defaultValue 20 */
  readonly patience?: number;
  /** tfjs backend. @defaultValue 'auto' */
  readonly backend?: BackendName | 'auto';
}

/** What a retraining needs. */
export interface RetrainOptions {
  /** The model repository the candidate is written to. */
  readonly repository: string;
  readonly data: RetrainDataConfig;
  /** @defaultValue DEFAULT_RETRAIN_GATE */
  readonly gate?: RetrainGatePolicy;
  readonly training?: RetrainTrainingOptions;
  /** Who the alias history names. @defaultValue 'retrainer' */
  readonly actor?: string;
}

/** The job being run: its id and a way to report progress. */
export interface RetrainRun {
  readonly id: string;
  readonly data: RetrainJobData;
  updateProgress(progress: RetrainProgress): Promise<void> | void;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

// A version of this model with exactly these bytes: a job re-run after its worker died after writing (training is
// seeded, so it produces the same bytes) reuses it instead of writing a duplicate.
async function versionWithSha256(repository: string, name: string, sha256: string): Promise<string | undefined> {
  for (const version of await listVersions(repository, name)) {
    const manifest = await readManifest(repository, name, version).catch(() => undefined);
    if (manifest?.sha256 === sha256) return version;
  }
  return undefined;
}

async function productionManifest(repository: string, name: string): Promise<ModelManifest> {
  try {
    const production = await resolveModelVersion(repository, name);
    return await readManifest(repository, name, production.version);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'MODEL_NOT_FOUND' || code === 'VERSION_NOT_FOUND') throw new NoProductionModelError(name, { cause: error });
    throw error;
  }
}

/**
 * Retrains `run.data.model` on the configured data, scores the exported ONNX model on the fixed evaluation set and
 * applies the gate against production's figures on the same set. Passed: writes the version and points `candidate`
 * at it (actor `retrainer`, the reason names the job). Failed: writes nothing but a line in the rejection log.
 * @throws NoProductionModelError, TrainingDataError, and model-store errors
 */
export async function runRetraining(run: RetrainRun, options: RetrainOptions): Promise<RetrainOutcome> {
  const started = performance.now();
  const name = run.data.model;
  const { seed = 42, epochs = 200, patience = 20, backend: preferred = 'auto' } = options.training ?? {};
  const progress = (p: Omit<RetrainProgress, 'epochs'>) => run.updateProgress({ epochs, ...p });

  await progress({ stage: 'loading-data', epoch: 0, percent: 0 });
  const production = await productionManifest(options.repository, name);
  // Before training, not after: a production without fixed-set figures cannot be compared with (NO_LINEAGE).
  const productionEvidence = evidenceFromManifest(production);
  const evaluationSet = await loadEvaluationSet();
  const data = await loadRetrainData(options.data, evaluationSet);
  await progress({ stage: 'training', epoch: 0, percent: 5 });

  const backend = await selectBackend(preferred);
  const pending: Promise<void>[] = [];
  const trained = await trainWineModel({
    seed,
    epochs,
    patience,
    rows: data.rows,
    onEpoch: (log) => {
      const update = progress({ stage: 'training', epoch: log.epoch, percent: 5 + Math.round((80 * log.epoch) / epochs), loss: round4(log.loss), valLoss: round4(log.valLoss) });
      if (update) pending.push(update.catch(() => undefined));
    },
  });
  await Promise.all(pending);
  try {
    await progress({ stage: 'evaluating', epoch: trained.history.length, percent: 88 });
    const evaluation = await evaluateOnFixedSet(evaluationSet, onnxScorer(trained.onnxBytes));
    const sha256 = sha256Bytes(trained.onnxBytes);

    await progress({ stage: 'gating', epoch: trained.history.length, percent: 92 });
    const gate = evaluateGate(
      { model: `${name}/retrain ${run.id}`, evaluationSet: { id: evaluation.id, sha256: evaluation.sha256 }, populations: evaluation.populations },
      productionEvidence,
      { ...(options.gate ?? DEFAULT_RETRAIN_GATE), evaluationSet: { id: evaluationSet.id, sha256: evaluationSet.sha256 } },
    );
    const common = {
      model: name,
      productionVersion: production.version,
      gate,
      evaluation,
      data: data.files,
      epochsRun: trained.history.length,
      bestEpoch: trained.bestEpoch,
      sha256,
    };
    const seconds = () => round4((performance.now() - started) / 1000);

    if (!gate.passed) {
      await recordRejection(options.repository, { jobId: run.id, at: new Date().toISOString(), trigger: run.data.trigger, reasons: gate.reasons, ...common });
      await progress({ stage: 'done', epoch: trained.history.length, percent: 100 });
      return { status: 'rejected', ...common, seconds: seconds() };
    }

    await progress({ stage: 'registering', epoch: trained.history.length, percent: 96 });
    let version = await versionWithSha256(options.repository, name, sha256);
    // Two workers may pick the same next version: the second write is refused (VERSION_EXISTS) and takes the one after.
    for (let attempt = 1; version === undefined; attempt++) {
      const next = await nextVersion(options.repository, name);
      const lineage = await collectLineage({
        dataFiles: data.files.map((f) => ({ path: f.path, rows: f.rowsRead })),
        seed,
        repository: options.repository,
        name,
        version: next,
        evaluation,
      });
      const manifest = buildWineManifest(trained, { name, version: next, backend, lineage });
      const svg = trainingCurveSvg(trained.history, { bestEpoch: trained.bestEpoch, title: `${name} v${next}: loss per epoch` });
      try {
        await writeModelVersion(options.repository, name, { onnxBytes: trained.onnxBytes, manifest, extraFiles: { 'training-curve.svg': svg } });
        version = next;
      } catch (error) {
        if ((error as { code?: string }).code !== 'VERSION_EXISTS' || attempt >= 5) throw error;
      }
    }
    const newGain = gate.checks.find((c) => c.name === 'new-population-margin')?.message ?? '';
    await setAlias(options.repository, name, {
      alias: 'candidate',
      version,
      actor: options.actor ?? 'retrainer',
      reason: `retraining job ${run.id} passed the gate against v${production.version}: ${newGain}`.slice(0, 500),
    });
    await progress({ stage: 'done', epoch: trained.history.length, percent: 100 });
    return { status: 'registered', version, ...common, seconds: seconds() };
  } finally {
    trained.model.dispose();
  }
}
