// Rejected candidates, one JSON line each, beside the model's versions: <repository>/<model>/retraining-rejections.jsonl.

import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GateDecision } from '@mlops/model-lifecycle';
import type { FixedEvaluation } from '@mlops/model-store';
import type { RetrainDataFile, RetrainTrigger } from './job-types';

/** File name of the rejection log, beside aliases.json. */
export const REJECTIONS_FILE = 'retraining-rejections.jsonl';

/** One rejected candidate: which job, when, against which production, the gate's reasons and the figures. */
export interface RejectionRecord {
  readonly jobId: string;
  readonly at: string;
  readonly model: string;
  readonly productionVersion: string;
  readonly trigger: RetrainTrigger;
  readonly reasons: readonly string[];
  readonly gate: GateDecision;
  readonly evaluation: FixedEvaluation;
  readonly data: readonly RetrainDataFile[];
  readonly sha256: string;
}

/** Path of a model's rejection log. */
export function rejectionLogPath(repository: string, model: string): string {
  return join(repository, model, REJECTIONS_FILE);
}

/** Every rejection of a model, oldest first; lines that are not JSON are skipped. */
export async function readRejections(repository: string, model: string): Promise<RejectionRecord[]> {
  let text: string;
  try {
    text = await readFile(rejectionLogPath(repository, model), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as RejectionRecord];
    } catch {
      return [];
    }
  });
}

/**
 * Appends a rejection, once per job: a job re-run after its worker died does not record it twice.
 * @returns false when this job's rejection was already recorded
 */
export async function recordRejection(repository: string, record: RejectionRecord): Promise<boolean> {
  if ((await readRejections(repository, record.model)).some((r) => r.jobId === record.jobId)) return false;
  await mkdir(join(repository, record.model), { recursive: true });
  await appendFile(rejectionLogPath(repository, record.model), `${JSON.stringify(record)}\n`);
  return true;
}
