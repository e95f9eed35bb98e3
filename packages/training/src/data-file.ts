// Describes a data file for a manifest's lineage: its path from the project root, its sha256 and its row count.

import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256File, type DataFile } from '@mlops/model-store';

/** The project root (three folders above this file), where lineage paths start. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A data file as lineage records it: the path relative to {@link PROJECT_ROOT} when inside it (the same on every
 * checkout), else absolute; the sha256 of its bytes now; and how many rows were read from it.
 * @example await describeDataFile(RED_WINE_CSV, 1599) // { path: 'packages/dataset/data/winequality-red.csv', sha256: '…', rows: 1599 }
 */
export async function describeDataFile(path: string, rows: number): Promise<DataFile> {
  const absolute = resolve(path);
  const fromRoot = relative(PROJECT_ROOT, absolute);
  const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  return { path: inside ? fromRoot.split('\\').join('/') : absolute, sha256: await sha256File(absolute), rows };
}
