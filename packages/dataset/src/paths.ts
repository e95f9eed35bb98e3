// Absolute paths of the bundled Wine Quality CSV files, resolved from this package's location.

import { fileURLToPath } from 'node:url';

/** The 1,599 red wines (training data). */
export const RED_WINE_CSV = fileURLToPath(new URL('../data/winequality-red.csv', import.meta.url));

/** The 4,898 white wines (the drifted traffic of later labs). */
export const WHITE_WINE_CSV = fileURLToPath(new URL('../data/winequality-white.csv', import.meta.url));

/** Which bundled file: red or white wines. */
export type WineColor = 'red' | 'white';

/** Path of the bundled CSV for a wine colour. */
export function wineCsvPath(color: WineColor): string {
  return color === 'red' ? RED_WINE_CSV : WHITE_WINE_CSV;
}
