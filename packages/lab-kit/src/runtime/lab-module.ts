// importLabModule: lets a lab's run.ts load the learner's code (or the starter or reference, per LAB_TARGET) for a real run.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLab } from './lab-metadata';
import { labTarget, prepareTarget, targetFile } from './lab-target';

/**
 * Imports one of a lab's files from the copy `LAB_TARGET` selects: the learner's `src/` by default
 * (created from the starter on first use; `LAB_SRC_DIR` moves it), `starter/` or the reference. Type it
 * with the starter's module.
 *
 * @example
 * // labs/01-api-foundations/run.ts
 * const { createApp } = await importLabModule<typeof import('./starter/create-app')>(import.meta.dirname, 'create-app.ts');
 */
export async function importLabModule<T>(labDir: string, file: string): Promise<T> {
  const lab = readLab(resolve(labDir));
  const target = labTarget();
  prepareTarget(lab, target);
  return (await import(pathToFileURL(targetFile(lab, target, file)).href)) as T;
}
