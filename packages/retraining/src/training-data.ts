// The rows a retraining trains on: the reference data plus the new rows, without any row of the fixed evaluation set.

import { readWineCsv, type WineRow } from '@mlops/dataset';
import { withoutEvaluationRows, type EvaluationSet } from '@mlops/training';
import { TrainingDataError } from './errors';
import type { RetrainDataFile } from './job-types';

/** Where a retraining's data comes from. */
export interface RetrainDataConfig {
  /** The reference data production was trained on, e.g. the red wines. */
  readonly reference: string;
  /** CSV files of new rows, e.g. the white wines (the drifted population), or a recent window of traffic with labels. */
  readonly newRows: readonly string[];
}

/** The training rows and, per file, how many rows were read and kept. */
export interface RetrainData {
  readonly rows: WineRow[];
  readonly files: RetrainDataFile[];
}

/**
 * Reads every file and drops the rows of the fixed evaluation set (and their duplicates), so the candidate is
 * judged on rows it never saw.
 * @throws TrainingDataError naming a file that cannot be read or leaves no rows
 */
export async function loadRetrainData(config: RetrainDataConfig, evaluationSet: EvaluationSet): Promise<RetrainData> {
  const rows: WineRow[] = [];
  const files: RetrainDataFile[] = [];
  for (const path of [config.reference, ...config.newRows]) {
    let read: WineRow[];
    try {
      read = await readWineCsv(path);
    } catch (error) {
      throw new TrainingDataError(path, (error as Error).message, { cause: error });
    }
    const kept = withoutEvaluationRows(read, evaluationSet);
    if (kept.length === 0) throw new TrainingDataError(path, `none of its ${read.length} rows is left once the evaluation rows are dropped`);
    rows.push(...kept);
    files.push({ path, rowsRead: read.length, rowsKept: kept.length });
  }
  return { rows, files };
}
