// MicroBatcher: merges concurrent score requests into one onnxruntime run and hands each caller its own rows.

/** Scores `rowCount` rows laid out row-major in `features`; resolves to the outputs, row-major. */
export type ScoreFn = (features: Float32Array, rowCount: number) => Promise<Float32Array>;

/** Tuning for dynamic micro-batching (the names follow Triton's dynamic batcher). */
export interface MicroBatchOptions {
  /**
   * Most rows merged into one model run. A request with at least this many rows runs on its own.
   * Keep it modest: a run is synchronous native work on the event loop.
   * @defaultValue 256
   */
  readonly maxBatchSize?: number;
  /**
   * Longest a request waits for companions when the model is idle, in milliseconds. `0` waits one
   * event-loop turn, which already merges every request that arrived in the same I/O poll; while a
   * batch runs, new requests queue up and form the next batch anyway (if that batch is not full when the
   * running one ends, the delay starts again from there).
   * @defaultValue 0
   */
  readonly maxQueueDelayMs?: number;
}

/** Defaults of {@link MicroBatchOptions}. */
export const DEFAULT_MICRO_BATCH: Required<MicroBatchOptions> = { maxBatchSize: 256, maxQueueDelayMs: 0 };

/** The error a caller gets when it submits work to a closed batcher. */
export class BatcherClosedError extends Error {
  constructor() {
    super('the model is shutting down and takes no new requests');
    this.name = 'BatcherClosedError';
  }
}

/** One caller's request waiting in the queue. */
interface Pending {
  readonly features: Float32Array;
  readonly rowCount: number;
  readonly resolve: (outputs: Float32Array) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Dynamic micro-batcher in front of a {@link ScoreFn}: requests that arrive close together are
 * concatenated into one run of at most `maxBatchSize` rows; each caller gets exactly its own output rows.
 * At most one batch runs at a time (a run blocks the event loop anyway), so under load the queue fills
 * while a batch runs and the next batch is bigger: batch size adapts to the load.
 * If a merged run fails, each request is retried on its own, so a bad request only fails itself.
 *
 * @example
 * const batcher = new MicroBatcher((x, n) => model.score(x, n), { inputWidth: 11, outputWidth: 3 });
 * const probabilities = await batcher.submit(row, 1);
 */
export class MicroBatcher {
  readonly maxBatchSize: number;
  readonly maxQueueDelayMs: number;
  private readonly score: ScoreFn;
  private readonly inputWidth: number;
  private readonly outputWidth: number;
  private queue: Pending[] = [];
  private queuedRows = 0;
  /** Cancels the pending delayed dispatch, when one is armed. */
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    score: ScoreFn,
    opts: MicroBatchOptions & { readonly inputWidth: number; readonly outputWidth: number },
  ) {
    this.score = score;
    this.inputWidth = opts.inputWidth;
    this.outputWidth = opts.outputWidth;
    this.maxBatchSize = opts.maxBatchSize ?? DEFAULT_MICRO_BATCH.maxBatchSize;
    this.maxQueueDelayMs = opts.maxQueueDelayMs ?? DEFAULT_MICRO_BATCH.maxQueueDelayMs;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${this.maxBatchSize}`);
    }
    if (!(this.maxQueueDelayMs >= 0)) {
      throw new RangeError(`maxQueueDelayMs must be >= 0, got ${this.maxQueueDelayMs}`);
    }
  }

  /** Requests waiting for the next batch (for metrics and tests). */
  get queueLength(): number {
    return this.queue.length;
  }

  /**
   * Queues `rowCount` rows and resolves to their outputs (`rowCount * outputWidth` values, row-major).
   * Validate requests before submitting: the batcher trusts shapes.
   */
  submit(features: Float32Array, rowCount: number): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new BatcherClosedError());
    return new Promise<Float32Array>((resolve, reject) => {
      // #region solution step 4: queue the request, start a batch when it is full, otherwise arm the delay timer
      this.queue.push({ features, rowCount, resolve, reject });
      this.queuedRows += rowCount;
      if (this.queuedRows >= this.maxBatchSize) this.dispatch();
      else this.arm();
      // #endregion solution
    });
  }

  /** Stops taking requests, runs everything already queued and resolves when the last batch is done. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.running) {
      if (this.running) await this.running;
      else this.dispatch();
    }
  }

  /** Schedules a dispatch after the queue delay, unless one is scheduled or a batch is running. */
  private arm(): void {
    if (this.cancelTimer || this.running) return; // the running batch dispatches the queue when it ends
    const fire = (): void => {
      this.cancelTimer = undefined;
      this.dispatch();
    };
    if (this.maxQueueDelayMs > 0) {
      const timer = setTimeout(fire, this.maxQueueDelayMs);
      this.cancelTimer = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(fire);
      this.cancelTimer = () => clearImmediate(immediate);
    }
  }

  /** Takes up to maxBatchSize rows from the queue and runs them, unless a batch is running already. */
  private dispatch(): void {
    if (this.running || this.queue.length === 0) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const batch = this.take();
    this.running = this.runBatch(batch)
      .catch((error: unknown) => {
        for (const p of batch) p.reject(error); // no-op for callers already answered
      })
      .finally(() => {
        this.running = undefined;
        if (this.queue.length === 0) return;
        if (this.queuedRows >= this.maxBatchSize || this.closed) this.dispatch();
        else this.arm();
      });
  }

  /** Removes the longest prefix of the queue that fits in one batch (always at least one request). */
  private take(): Pending[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length) {
      const r = this.queue[n]!.rowCount;
      if (n > 0 && rows + r > this.maxBatchSize) break;
      rows += r;
      n += 1;
    }
    const batch = this.queue.slice(0, n);
    this.queue = this.queue.slice(n);
    this.queuedRows -= rows;
    return batch;
  }

  /** Runs one batch: one merged model run, then each caller gets its slice of the outputs. */
  private async runBatch(batch: Pending[]): Promise<void> {
    // #region solution step 5: concatenate the rows, score them once, give each caller its own output rows
    if (batch.length === 1) {
      const only = batch[0]!;
      await this.score(only.features, only.rowCount).then(only.resolve, only.reject);
      return;
    }
    let totalRows = 0;
    for (const p of batch) totalRows += p.rowCount;
    const merged = new Float32Array(totalRows * this.inputWidth);
    let offset = 0;
    for (const p of batch) {
      merged.set(p.features.subarray(0, p.rowCount * this.inputWidth), offset * this.inputWidth);
      offset += p.rowCount;
    }
    let outputs: Float32Array;
    try {
      outputs = await this.score(merged, totalRows);
    } catch {
      // One bad request must not fail its neighbours: retry each request on its own.
      await Promise.all(batch.map((p) => this.score(p.features, p.rowCount).then(p.resolve, p.reject)));
      return;
    }
    offset = 0;
    for (const p of batch) {
      p.resolve(outputs.subarray(offset * this.outputWidth, (offset + p.rowCount) * this.outputWidth));
      offset += p.rowCount;
    }
    // #endregion solution
  }
}
