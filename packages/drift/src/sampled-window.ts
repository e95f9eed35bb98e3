// A bounded, sampled window of recently scored rows: a ring buffer of the last sampled rows, memory fixed at creation.

/** Options of a {@link SampledWindow}. */
export interface SampledWindowOptions {
  /** Rows kept: the most recent sampled ones; older ones are overwritten. @defaultValue 2000 */
  readonly capacity?: number;
  /** Share of scored rows kept, in (0, 1]: each row is kept with this probability. @defaultValue 1 */
  readonly sampleRate?: number;
  /** Uniform random numbers in [0, 1) that decide the sampling. @defaultValue Math.random */
  readonly random?: () => number;
}

/** Largest window: 100,000 rows of 11 features is 8.8 MB. */
export const MAX_WINDOW_ROWS = 100_000;

/**
 * The last `capacity` sampled rows of a stream of row-major feature blocks. Memory is
 * `capacity × featureCount × 8` bytes from the start, whatever the traffic; adding a block costs O(rows kept).
 * Rows with a value that is not a finite number (a row the scorer rejected) are skipped and counted.
 * @example const w = new SampledWindow(11, { capacity: 1000, sampleRate: 0.1 }); w.add(features, rows); w.columns()
 */
export class SampledWindow {
  readonly capacity: number;
  readonly sampleRate: number;
  /** Rows offered to {@link add}, kept or not. */
  seen = 0;
  /** Rows skipped because a value was not finite. */
  skipped = 0;
  private readonly values: Float64Array;
  private readonly random: () => number;
  private next = 0;
  private filled = 0;

  constructor(
    readonly featureCount: number,
    options: SampledWindowOptions = {},
  ) {
    this.capacity = options.capacity ?? 2000;
    this.sampleRate = options.sampleRate ?? 1;
    this.random = options.random ?? Math.random;
    if (!(Number.isInteger(featureCount) && featureCount > 0)) throw new RangeError(`featureCount must be a positive integer, got ${featureCount}`);
    if (!(Number.isInteger(this.capacity) && this.capacity >= 1 && this.capacity <= MAX_WINDOW_ROWS)) {
      throw new RangeError(`window capacity must be an integer in [1, ${MAX_WINDOW_ROWS}], got ${this.capacity}`);
    }
    if (!(this.sampleRate > 0 && this.sampleRate <= 1)) throw new RangeError(`sampleRate must be in (0, 1], got ${this.sampleRate}`);
    this.values = new Float64Array(this.capacity * featureCount);
  }

  /** Bytes of row storage, fixed at creation. */
  get bytes(): number {
    return this.values.byteLength;
  }

  /** Rows held now (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /**
   * Offers `rows` rows, row-major in `features` (`rows × featureCount` values); keeps each with probability
   * `sampleRate`. Returns how many were kept.
   */
  add(features: ArrayLike<number>, rows: number): number {
    const width = this.featureCount;
    if (features.length < rows * width) throw new RangeError(`expected ${rows * width} values for ${rows} rows, got ${features.length}`);
    let kept = 0;
    this.seen += rows;
    for (let r = 0; r < rows; r++) {
      if (this.sampleRate < 1 && this.random() >= this.sampleRate) continue;
      const start = r * width;
      let finite = true;
      for (let k = 0; k < width; k++) if (!Number.isFinite(features[start + k]!)) finite = false;
      if (!finite) {
        this.skipped++;
        continue;
      }
      const at = this.next * width;
      for (let k = 0; k < width; k++) this.values[at + k] = features[start + k]!;
      this.next = (this.next + 1) % this.capacity;
      if (this.filled < this.capacity) this.filled++;
      kept++;
    }
    return kept;
  }

  /** The rows held, one new Float64Array per feature (order of rows not kept: the statistics do not need it). */
  columns(): Float64Array[] {
    const width = this.featureCount;
    const columns = Array.from({ length: width }, () => new Float64Array(this.filled));
    for (let r = 0; r < this.filled; r++) {
      for (let k = 0; k < width; k++) columns[k]![r] = this.values[r * width + k]!;
    }
    return columns;
  }

  /** Forgets every row (the counters stay). */
  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
