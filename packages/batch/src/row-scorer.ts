// What the chunk processor needs from a model, and one call to it with its output size checked.

import { CLASS_COUNT } from './chunk-codec';
import { ScorerOutputError } from './errors';

/** What the processor needs from a model; `LoadedModel` from `@mlops/serving` fits. */
export interface RowScorer {
  /** Row-major `[rowCount x 11]` features in, row-major `[rowCount x 3]` probabilities out. */
  score(features: Float32Array, rowCount: number): Promise<Float32Array>;
}

/**
 * Scores `rowCount` rows with one `scorer.score` call and checks that 3 probabilities came back per row.
 * @throws ScorerOutputError when the scorer returned another number of values (retried like any model fault).
 * @example const probabilities = await scoreRows(model, features, 2); // 6 values
 */
export async function scoreRows(scorer: RowScorer, features: Float32Array, rowCount: number): Promise<Float32Array> {
  const output = await scorer.score(features, rowCount);
  if (output.length !== rowCount * CLASS_COUNT) {
    throw new ScorerOutputError(`the model returned ${output.length} values for ${rowCount} rows; expected ${rowCount * CLASS_COUNT}`);
  }
  return output;
}
