// Shared fixtures of lab 03's tests: the wine model's signature and another one, two real wines, and an error catcher.

import type { ModelSignature } from '@mlops/serving/model-signature';

/** The committed wine-quality model's tensors (see models/wine-quality/1/manifest.json). */
export const SIG: ModelSignature = {
  inputName: 'features',
  inputWidth: 11,
  outputName: 'probabilities',
  outputWidth: 3,
  classLabels: ['low', 'medium', 'high'],
};

/** Another model's tensors: the code must read names, widths and labels from the signature, not assume the wine model. */
export const OTHER_SIG: ModelSignature = {
  inputName: 'pixels',
  inputWidth: 4,
  outputName: 'scores',
  outputWidth: 2,
  classLabels: ['cat', 'dog'],
};

/** Two red wines from the UCI file, in model order. */
export const WINE_1 = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
export const WINE_2 = [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8];

/** A v2 infer body for flat row-major data. */
export function body(data: unknown, shape: unknown = [Array.isArray(data) ? data.length / 11 : 1, 11], extra: object = {}): Record<string, unknown> {
  return { inputs: [{ name: 'features', shape, datatype: 'FP32', data }], ...extra };
}

/**
 * Runs `fn` and returns the error it throws as `{ status, message }`. A step that is not done yet
 * (NotImplementedError) is re-thrown, so the test shows "step N is not done yet: open ...".
 */
export function thrown(fn: () => unknown): { status: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NOT_IMPLEMENTED') throw error;
    return { status: (error as { status?: unknown }).status, message: (error as Error).message };
  }
  throw new Error('expected an HttpError to be thrown, but the call returned normally');
}
