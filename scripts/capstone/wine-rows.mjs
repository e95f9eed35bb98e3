// The rows the capstone sends: held-out red wines, white wines, and the held-out mix of both (what v2 is trained for).

import { readWineCsv, RED_WINE_CSV, seededShuffle, splitDataset, WHITE_WINE_CSV } from '@mlops/dataset';

/**
 * The held-out rows of each file are the test part of the seeded split every training run and the fixed evaluation
 * set use (seed 42, 15% validation, 15% test): no model version trained on them.
 * @returns {Promise<{ red: number[][], white: number[][], mix: number[][], redAll: number[][], whiteAll: number[][], bothShuffled: number[][] }>}
 */
export async function loadWineRows() {
  const [red, white] = await Promise.all([readWineCsv(RED_WINE_CSV), readWineCsv(WHITE_WINE_CSV)]);
  const heldOut = (rows) => splitDataset(rows, { seed: 42, validation: 0.15, test: 0.15 }).test.map((r) => r.features);
  const redHeld = heldOut(red);
  const whiteHeld = heldOut(white);
  return {
    red: redHeld,
    white: whiteHeld,
    mix: seededShuffle([...redHeld, ...whiteHeld], 7),
    redAll: red.map((r) => r.features),
    whiteAll: white.map((r) => r.features),
    // Every red and white wine, shuffled: a batch in file order would put blocks of one colour in a worker's drift window.
    bothShuffled: seededShuffle([...red, ...white], 11).map((r) => r.features),
  };
}
