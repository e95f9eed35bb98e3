// importLabModule: lets a lab's run.ts load the learner's code (or the starter or reference, per LAB_TARGET) for a real run.

import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLab } from './lab-metadata';
import { ensureLearnerFiles, labTarget, targetDir } from './vitest-config';

/**
 * Imports one of a lab's files from the folder `LAB_TARGET` selects: the learner's `src/` by default
 * (created from the starter on first use), `starter/` or the reference. Type it with the starter's module.
 *
 * @example
 * // labs/01-api-foundations/run.ts
 * const { createApp } = await importLabModule<typeof import('./starter/create-app')>(import.meta.dirname, 'create-app.ts');
 */
export async function importLabModule<T>(labDir: string, file: string): Promise<T> {
  const lab = readLab(resolve(labDir));
  const target = labTarget();
  if (target === 'learner') {
    const copied = ensureLearnerFiles(lab);
    if (copied.length > 0) console.log(`lab ${lab.id}: created ${copied.join(', ')} from the starter (your working copy)`);
  }
  process.env.MLOPS_LAB_DIR ??= lab.relDir;
  process.env.MLOPS_LAB_ID ??= lab.id;
  return (await import(pathToFileURL(join(targetDir(lab, target), file)).href)) as T;
}
