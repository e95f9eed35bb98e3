// Test fixtures: the committed model repository, rows of real-looking wines, and a direct onnxruntime reference run.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelRepositoryFromEnv, resolveVersion } from '@mlops/model-store';
import * as ort from 'onnxruntime-node';

/** The repository the tests serve: `$MODEL_REPOSITORY` or the committed `models/`. */
export const REPOSITORY = modelRepositoryFromEnv();
export const MODEL = 'wine-quality';

/** Two red wines from the UCI file (first rows), in model order. */
export const WINES: readonly (readonly number[])[] = [
  [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4],
  [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8],
];

/** `n` distinct plausible rows (row i differs from row j), flat row-major. */
export function distinctRows(n: number, salt = 0): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r += 1) {
    const base = WINES[r % 2]!;
    for (let c = 0; c < 11; c += 1) out.push(base[c]! * (1 + ((r + salt) % 97) / 200 + c / 1000));
  }
  return out;
}

let referenceSession: Promise<ort.InferenceSession> | undefined;

/**
 * Probabilities from onnxruntime run directly on the model file (default session options). One session,
 * opened on first use and kept for the life of the test process.
 */
export async function referenceScores(flat: readonly number[], rows: number): Promise<number[]> {
  referenceSession ??= resolveVersion(REPOSITORY, MODEL).then(({ modelPath }) => ort.InferenceSession.create(modelPath));
  const session = await referenceSession;
  const input = session.inputNames[0]!;
  const result = await session.run({ [input]: new ort.Tensor('float32', Float32Array.from(flat), [rows, 11]) });
  return Array.from(result[session.outputNames[0]!]!.data as Float32Array);
}

/** Copies the repository to a temp folder (to corrupt it safely); returns the folder and a cleanup. */
export async function copyRepository(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'serving-repo-'));
  await cp(REPOSITORY, dir, { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temp copy of the repository with a second version: `wine-quality/2` is version 1's files with the manifest's
 * version set to "2" (same graph, so the same answers). Aliases as committed (production = 1).
 */
export async function repositoryWithVersion2(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const copy = await copyRepository();
  const from = join(copy.dir, MODEL, '1');
  const to = join(copy.dir, MODEL, '2');
  await cp(from, to, { recursive: true });
  const manifest = JSON.parse(await readFile(join(to, 'manifest.json'), 'utf8')) as { version: string };
  await writeFile(join(to, 'manifest.json'), `${JSON.stringify({ ...manifest, version: '2' }, null, 2)}\n`);
  return copy;
}
