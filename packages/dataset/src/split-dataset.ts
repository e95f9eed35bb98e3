// Reproducible shuffling and train/validation/test splitting with a seeded PRNG (mulberry32).

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Same seed, same sequence, on every platform.
 * @returns a function giving floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` in a seeded random order (Fisher-Yates). The input is not modified. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Seed of the shuffle. */
  readonly seed: number;
  /** Fraction of rows for validation (early stopping). @defaultValue 0.15 */
  readonly validation?: number;
  /** Fraction of rows held out for the final test. @defaultValue 0.15 */
  readonly test?: number;
}

/** The three disjoint parts of a data set. */
export interface DatasetSplit<T> {
  readonly train: T[];
  readonly validation: T[];
  readonly test: T[];
}

/**
 * Shuffles with a seed, then cuts into train / validation / test. The red file is ordered, so the
 * shuffle matters: same rows and seed give the same split.
 * @example const { train, validation, test } = splitDataset(rows, { seed: 42, validation: 0.15, test: 0.15 });
 */
export function splitDataset<T>(rows: readonly T[], options: SplitOptions): DatasetSplit<T> {
  const validation = options.validation ?? 0.15;
  const test = options.test ?? 0.15;
  for (const [name, value] of [['validation', validation], ['test', test]] as const) {
    if (!(value >= 0 && value < 1)) throw new RangeError(`splitDataset: ${name} must be a fraction in [0, 1), got ${value}`);
  }
  if (validation + test >= 1) throw new RangeError(`splitDataset: validation + test must leave rows for training, got ${validation + test}`);
  const shuffled = seededShuffle(rows, options.seed);
  const nTest = Math.round(rows.length * test);
  const nValidation = Math.round(rows.length * validation);
  return {
    test: shuffled.slice(0, nTest),
    validation: shuffled.slice(nTest, nTest + nValidation),
    train: shuffled.slice(nTest + nValidation),
  };
}
