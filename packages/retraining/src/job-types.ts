// The retrain job's data, progress and result, with the zod schema a worker checks job data against.

import { z } from 'zod';
import type { GateDecision } from '@mlops/model-lifecycle';
import type { FixedEvaluation } from '@mlops/model-store';

/** Longest reason a trigger may give. */
export const MAX_TRIGGER_REASON_LENGTH = 300;

/** What started a retraining: a person or program by hand, or an Alertmanager alert episode. */
export const RetrainTriggerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('manual'),
    /** Who asked, e.g. `api` or `alice@laptop`. */
    requestedBy: z.string().min(1).max(100),
    reason: z.string().min(1).max(MAX_TRIGGER_REASON_LENGTH),
  }),
  z.object({
    kind: z.literal('alert'),
    alertname: z.string().min(1).max(200),
    /** Alertmanager's fingerprint of the alert's labels. */
    fingerprint: z.string().min(1).max(64),
    /** When the episode started (the alert's `startsAt`): fingerprint + startsAt name one episode. */
    startsAt: z.string().min(1).max(64),
    /** The model version the alert fired for, from its labels. */
    version: z.string().max(20).optional(),
  }),
]);
export type RetrainTrigger = z.infer<typeof RetrainTriggerSchema>;

/** Data of a `retrain` job. */
export const RetrainJobDataSchema = z.object({
  /** The model to retrain, e.g. `wine-quality`. */
  model: z.string().min(1).max(100),
  trigger: RetrainTriggerSchema,
  /** ISO time the job was requested. */
  requestedAt: z.string().min(1).max(64),
});
export type RetrainJobData = z.infer<typeof RetrainJobDataSchema>;

/** Stages of a retraining, in order. */
export type RetrainStage = 'loading-data' | 'training' | 'evaluating' | 'gating' | 'registering' | 'done';

/** What `job.progress` holds while a retraining runs. */
export interface RetrainProgress {
  readonly stage: RetrainStage;
  /** Epochs finished, and the most the run may take (early stopping usually ends sooner). */
  readonly epoch: number;
  readonly epochs: number;
  /** 0-100: data 5, training up to 85, evaluation 90, gate 95, registered 100. */
  readonly percent: number;
  readonly loss?: number;
  readonly valLoss?: number;
}

/** A data file the candidate trained on: rows read, and rows kept after dropping the evaluation rows. */
export interface RetrainDataFile {
  readonly path: string;
  readonly rowsRead: number;
  readonly rowsKept: number;
}

/** The result of a finished retrain job (`job.returnvalue`). */
export interface RetrainOutcome {
  /** `registered`: the gate passed and the new version is the `candidate`; `rejected`: it failed and nothing was registered. */
  readonly status: 'registered' | 'rejected';
  readonly model: string;
  /** The version written to the repository (registered only). */
  readonly version?: string;
  /** Production's version the candidate was compared with. */
  readonly productionVersion: string;
  readonly gate: GateDecision;
  /** The candidate's figures on the fixed evaluation set. */
  readonly evaluation: FixedEvaluation;
  readonly data: readonly RetrainDataFile[];
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly seconds: number;
  /** sha256 of the candidate's model.onnx. */
  readonly sha256: string;
}
