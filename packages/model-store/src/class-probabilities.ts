// Reading a model's output: the most probable class of a row, and probabilities rounded for responses.

/**
 * Index of the most probable class of one row of a row-major `[rows x classCount]` probability matrix
 * (ties go to the lower index). Map it to a label with the manifest's `classLabels`.
 * @example predictedClass(Float32Array.of(0.2, 0.7, 0.1), 0, 3) // 1
 */
export function predictedClass(probabilities: ArrayLike<number>, row: number, classCount: number): number {
  const offset = row * classCount;
  let best = 0;
  for (let c = 1; c < classCount; c++) if (probabilities[offset + c]! > probabilities[offset + best]!) best = c;
  return best;
}

/** A probability rounded to 6 decimals: float32 noise beyond that only makes responses longer. */
export function roundProbability(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}
