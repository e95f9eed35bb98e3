// Steps 4-5: the micro-batcher merges concurrent requests into one run and hands each caller its own rows.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL_REPOSITORY, loadModel } from '@mlops/serving';
import { MicroBatcher, type ScoreFn } from '@lab/micro-batcher';
import { WINE_1, WINE_2 } from './fixtures';

/**
 * A model with 2 values in and 2 out per row, [x0 + x1, x0 * x1], that records each run: how many rows and
 * which inputs. It answers on a later event-loop turn, like onnxruntime; `failWhen` makes a run fail.
 */
function recordingScorer(failWhen?: (x: Float32Array) => boolean): { score: ScoreFn; runs: number[]; inputs: number[][] } {
  const runs: number[] = [];
  const inputs: number[][] = [];
  const score: ScoreFn = async (x, n) => {
    runs.push(n);
    inputs.push(Array.from(x.subarray(0, n * 2)));
    await new Promise((r) => setImmediate(r));
    if (failWhen?.(x.subarray(0, n * 2))) throw new Error('the model failed on this batch');
    return Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? x[i]! + x[i + 1]! : x[i - 1]! * x[i]!));
  };
  return { score, runs, inputs };
}

const rows = (...pairs: [number, number][]): Float32Array => Float32Array.from(pairs.flat());

/**
 * Waits for `promise` for at most `turns` turns of the event loop (events, not a clock: the recording model
 * answers within two turns). A promise still pending after that fails the test with `what`.
 */
async function within<T>(promise: Promise<T>, what: string, turns = 50): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  for (let i = 0; i < turns && !settled; i += 1) await new Promise((r) => setImmediate(r));
  if (!settled) throw new Error(`${what}: still waiting after ${turns} event-loop turns`);
  return watched;
}

/** Lets the event loop turn `n` times (setImmediate is real even under fake timers). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise((r) => setImmediate(r));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('step 4: submit queues requests and dispatches batches', () => {
  it('merges requests that arrive together into one model run', async () => {
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2, maxBatchSize: 64 });
    await within(Promise.all([1, 2, 3].map((v) => batcher.submit(rows([v, v]), 1))), 'three requests with maxQueueDelayMs 0: push each, then arm the timer (this.arm())');
    expect(runs, 'three concurrent single-row requests should become ONE run of 3 rows: queue them, then dispatch once').toEqual([3]);
  });

  it('never puts more than maxBatchSize rows into one run, and answers every request', async () => {
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2, maxBatchSize: 4 });
    const results = await within(Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(rows([i, 1]), 1))), 'ten requests, maxBatchSize 4');
    expect(Math.max(...runs), 'dispatch as soon as the queue holds maxBatchSize rows').toBeLessThanOrEqual(4);
    expect(runs.reduce((a, b) => a + b, 0), 'every row is scored exactly once').toBe(10);
    expect(results.map((r) => r[0]), 'caller i sent [i, 1] and gets i + 1 back').toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('dispatches at once when maxBatchSize rows are waiting, without waiting for maxQueueDelayMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the delay timer fires only if the test moves the clock
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2, maxBatchSize: 3, maxQueueDelayMs: 60_000 });
    const first = batcher.submit(rows([1, 2]), 1);
    const second = batcher.submit(rows([3, 4], [5, 6]), 2);
    const results = await within(Promise.all([first, second]), 'the queue holds maxBatchSize (3) rows: call this.dispatch() at once; do not leave a full batch waiting for the 60 s delay');
    expect(runs, 'one run of the 3 waiting rows').toEqual([3]);
    expect(results.map((r) => Array.from(r))).toEqual([[3, 2], [7, 12, 11, 30]]);
    expect(vi.getTimerCount(), 'a full batch dispatched at once leaves no delay timer behind (this.dispatch() cancels the one this.arm() set)').toBe(0);
  });

  it('runs a request of maxBatchSize rows or more at once, on its own', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2, maxBatchSize: 2, maxQueueDelayMs: 60_000 });
    const big = await within(batcher.submit(rows([1, 1], [2, 2], [3, 3]), 3), 'a 3-row request with maxBatchSize 2 fills a batch by itself: dispatch it at once');
    expect(Array.from(big)).toEqual([2, 1, 4, 4, 6, 9]);
    expect(runs).toEqual([3]);
  });

  it('waits maxQueueDelayMs for companions while the batch is not full', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2, maxBatchSize: 64, maxQueueDelayMs: 20 });
    const first = batcher.submit(rows([1, 2]), 1);
    await turns(10);
    expect(runs, 'a batch that is not full waits for the delay timer (this.arm()), it does not run at once').toEqual([]);
    vi.advanceTimersByTime(19);
    const second = batcher.submit(rows([3, 4]), 1);
    await turns(10);
    expect(runs, 'still within maxQueueDelayMs (20 ms): keep waiting').toEqual([]);
    vi.advanceTimersByTime(1);
    const results = await within(Promise.all([first, second]), 'the delay timer fired: the queued requests must run');
    expect(runs, 'both requests ran together once the delay passed').toEqual([2]);
    expect(results.map((r) => Array.from(r))).toEqual([[3, 2], [7, 12]]);
  });
});

describe('step 5: runBatch scores once and slices the outputs', () => {
  it('gives each caller exactly its own rows, concatenated in arrival order', async () => {
    const { score, runs, inputs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2 });
    const [a, b, c] = await within(
      Promise.all([batcher.submit(rows([1, 2]), 1), batcher.submit(rows([3, 4], [5, 6]), 2), batcher.submit(rows([7, 8]), 1)]),
      'three requests in one batch',
    );
    expect(runs, 'score the whole batch in ONE run').toEqual([4]);
    expect(inputs[0], 'copy each request\'s rows at offset rows * inputWidth, in queue order').toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(a!), 'caller 1 sent one row (1, 2): 2 outputs per row, [1+2, 1*2]').toEqual([3, 2]);
    expect(Array.from(b!), 'caller 2 sent two rows: give it outputs.subarray(offset * outputWidth, (offset + rowCount) * outputWidth)').toEqual([7, 12, 11, 30]);
    expect(Array.from(c!), 'caller 3 sent one row (7, 8)').toEqual([15, 56]);
  });

  it('fails only the bad request when a merged run fails; its neighbours get their own rows', async () => {
    const { score } = recordingScorer((x) => x.includes(-1));
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2 });
    const results = await within(
      Promise.allSettled([batcher.submit(rows([1, 2]), 1), batcher.submit(rows([-1, 0]), 1), batcher.submit(rows([3, 4]), 1)]),
      'after a failed merged run, every request must still be answered',
    );
    expect(results.map((r) => r.status), 'after a failed merged run, retry each request on its own').toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' ? Array.from(r.value) : (r.reason as Error).message)), 'each caller gets its own retry\'s answer; the bad one gets the model\'s error').toEqual([
      [3, 2],
      'the model failed on this batch',
      [7, 12],
    ]);
  });

  it('scores a lone request once, and does not retry it when it fails', async () => {
    const { score, runs } = recordingScorer(() => true);
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 2 });
    const result = await within(batcher.submit(rows([1, 2]), 1).catch((e: Error) => e.message), 'a lone request');
    expect(result, 'the caller gets the model\'s error').toBe('the model failed on this batch');
    expect(runs, 'a batch of one request goes straight to this.score: retrying it alone would only fail again').toEqual([1]);
  });

  it('returns the same probabilities as scoring the real model row by row', async () => {
    const model = await loadModel({ repository: DEFAULT_MODEL_REPOSITORY, name: 'wine-quality' });
    try {
      const batcher = new MicroBatcher((x, n) => model.score(x, n), { inputWidth: 11, outputWidth: 3 });
      const wines = [WINE_1, WINE_2, WINE_1.map((v) => v * 1.1)];
      // onnxruntime answers from its own thread: wait for the promise itself (the test timeout bounds it).
      const batched = await Promise.all(wines.map((r) => batcher.submit(Float32Array.from(r), 1)));
      for (const [i, r] of wines.entries()) {
        expect(Array.from(batched[i]!), `caller ${i} must get the model's output for its own wine`).toEqual(Array.from(await model.score(Float32Array.from(r), 1)));
      }
      await batcher.close();
    } finally {
      await model.close();
    }
  });
});
