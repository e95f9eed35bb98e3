// The check a freshly loaded model passes before it takes traffic: one real run with the expected output.

import { ModelLoadError, type LoadedModel } from './load-model';

/**
 * Scores one row (the training means from the manifest's profile where it has them, else zeros) and checks
 * that the answer is one row of finite probabilities summing to 1. The first run also pays onnxruntime's
 * one-off allocations, so the first live request after a swap does not.
 * @throws ModelLoadError naming the model and what was wrong
 */
export async function warmUp(model: LoadedModel): Promise<void> {
  const { inputWidth, outputWidth } = model.signature;
  const row = new Float32Array(inputWidth);
  const features = model.manifest.profile?.features ?? [];
  model.manifest.featureNames.forEach((name, i) => {
    const mean = features.find((f) => f.name === name)?.mean;
    if (i < inputWidth && mean !== undefined && Number.isFinite(mean)) row[i] = mean;
  });
  let out: Float32Array;
  try {
    out = await model.score(row, 1);
  } catch (error) {
    throw new ModelLoadError(`warm-up run of ${model.name}/${model.version} failed: ${(error as Error).message}`, { cause: error });
  }
  const sum = out.reduce((a, b) => a + b, 0);
  if (out.length !== outputWidth || !out.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
    throw new ModelLoadError(`warm-up run of ${model.name}/${model.version} gave [${Array.from(out).join(', ')}], not ${outputWidth} probabilities summing to 1`);
  }
}
