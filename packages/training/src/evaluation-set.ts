// The fixed evaluation set of the wine model: the same held-out red and white wines for every version, so versions compare.

import { createHash } from 'node:crypto';
import { readWineCsv, RED_WINE_CSV, WHITE_WINE_CSV, type WineRow } from '@mlops/dataset';
import type { DataFile } from '@mlops/model-store';
import { describeDataFile } from './data-file';
import { splitWines } from './wine-split';

/** Name of the evaluation set below; change it whenever its definition changes. */
export const EVALUATION_SET_ID = 'wine-quality-eval-1';

/**
 * Seed of the evaluation split, fixed whatever seed a model trains with: with seed 42 the red part is exactly the
 * test split of the default training run, so the shipped model never saw it.
 */
export const EVALUATION_SEED = 42;

/** One population of the evaluation set: `red` is the training population, `white` the drifted one. */
export interface EvaluationPopulation {
  readonly name: string;
  readonly rows: readonly WineRow[];
}

/** The rows, what they are called and where they come from. */
export interface EvaluationSet {
  readonly id: string;
  /** sha256 of every population's rows in order: equal hashes, equal rows. */
  readonly sha256: string;
  readonly data: readonly DataFile[];
  readonly populations: readonly EvaluationPopulation[];
}

/** One row as text: its features, then its quality. */
const rowKey = (row: WineRow): string => `${row.features.join(',')},${row.quality}`;

/** sha256 of populations' rows, in a canonical text form (name line, then `features...,quality` lines). */
export function evaluationRowsSha256(populations: readonly EvaluationPopulation[]): string {
  const hash = createHash('sha256');
  for (const p of populations) {
    hash.update(`# ${p.name}\n`);
    for (const row of p.rows) hash.update(`${rowKey(row)}\n`);
  }
  return hash.digest('hex');
}

/**
 * Builds the evaluation set from CSV files: the 15% test part of each file's seeded split (seed
 * {@link EVALUATION_SEED}). Train only on the other rows of these files to keep the figures honest.
 * @example const set = await loadEvaluationSet(); // red 240 rows, white 735 rows
 */
export async function loadEvaluationSet(files: Readonly<Record<string, string>> = { red: RED_WINE_CSV, white: WHITE_WINE_CSV }): Promise<EvaluationSet> {
  const data: DataFile[] = [];
  const populations: EvaluationPopulation[] = [];
  for (const [name, path] of Object.entries(files)) {
    const rows = await readWineCsv(path);
    data.push(await describeDataFile(path, rows.length));
    populations.push({ name, rows: splitWines(rows, EVALUATION_SEED).test });
  }
  return { id: EVALUATION_SET_ID, sha256: evaluationRowsSha256(populations), data, populations };
}

/**
 * `rows` without any row whose features equal an evaluation row's (whatever its quality label), so a model trained
 * on the result is judged on wines it never saw; duplicates and relabelled copies of an evaluation row go too.
 * @example const training = withoutEvaluationRows([...reds, ...recentWhites], await loadEvaluationSet());
 */
export function withoutEvaluationRows(rows: readonly WineRow[], set: EvaluationSet): WineRow[] {
  // Matched on the features alone: a held-out wine sent again with another quality label is still the same wine.
  const featuresOf = (row: WineRow): string => row.features.join(',');
  const held = new Set(set.populations.flatMap((p) => p.rows.map(featuresOf)));
  return rows.filter((row) => !held.has(featuresOf(row)));
}
