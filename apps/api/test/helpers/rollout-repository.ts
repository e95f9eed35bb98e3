// A temp copy of the model repository with more versions of wine-quality made from version 1, for rollout tests.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelRepositoryFromEnv } from '@mlops/model-store';

export const MODEL = 'wine-quality';

/** How a derived version differs from version 1. */
export type Variant = 'same' | 'labels-reversed' | 'corrupt' | 'wrong-width';

/**
 * Copies the repository and adds `versions` (e.g. `{ 2: 'same' }`): `same` is version 1's graph under a new number;
 * `labels-reversed` names the classes the other way round (high, medium, low), so its predictions move; `corrupt`
 * has a model.onnx that no longer matches its manifest's sha256; `wrong-width` has a manifest that declares 12 input
 * columns for the 11-column graph (it passes the sha256 check, so an alias can name it, and fails to load).
 */
export async function rolloutRepository(versions: Readonly<Record<string, Variant>>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'api-rollout-'));
  await cp(modelRepositoryFromEnv({}), dir, { recursive: true });
  for (const [version, variant] of Object.entries(versions)) {
    const to = join(dir, MODEL, version);
    await cp(join(dir, MODEL, '1'), to, { recursive: true });
    const manifest = JSON.parse(await readFile(join(to, 'manifest.json'), 'utf8')) as { classLabels: string[]; inputs: unknown };
    const classLabels = variant === 'labels-reversed' ? [...manifest.classLabels].reverse() : manifest.classLabels;
    const inputs = variant === 'wrong-width' ? [{ name: 'features', datatype: 'FP32', shape: [-1, 12] }] : manifest.inputs;
    await writeFile(join(to, 'manifest.json'), `${JSON.stringify({ ...manifest, version, classLabels, inputs }, null, 2)}\n`);
    if (variant === 'corrupt') {
      const bytes = await readFile(join(to, 'model.onnx'));
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      await writeFile(join(to, 'model.onnx'), bytes);
    }
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
