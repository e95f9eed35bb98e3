// MicroBatcher unit tests with a recording scorer: merging, slicing, limits, failure isolation, close.

import { describe, expect, it, vi } from 'vitest';
import { BatcherClosedError, MicroBatcher, type ScoreFn } from './micro-batcher';

/** A scorer with 2 inputs and 1 output per row (output = x0 + x1) that records each call's row count. */
function recordingScorer(opts: { failWhen?: (x: Float32Array) => boolean } = {}): { score: ScoreFn; calls: number[] } {
  const calls: number[] = [];
  const score: ScoreFn = async (x, n) => {
    calls.push(n);
    await new Promise((r) => setImmediate(r));
    if (opts.failWhen?.(x)) throw new Error('bad batch');
    const out = new Float32Array(n);
    for (let r = 0; r < n; r += 1) out[r] = x[r * 2]! + x[r * 2 + 1]!;
    return out;
  };
  return { score, calls };
}

const rows = (...pairs: [number, number][]): Float32Array => Float32Array.from(pairs.flat());

/** Lets the event loop turn `n` times (events, not a clock). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise((r) => setImmediate(r));
}

describe('MicroBatcher', () => {
  it('merges concurrent requests into one run and gives each caller its own rows', async () => {
    const { score, calls } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 100 });
    const results = await Promise.all([
      batcher.submit(rows([1, 1]), 1),
      batcher.submit(rows([2, 2], [3, 3]), 2),
      batcher.submit(rows([4, 4]), 1),
    ]);
    expect(calls).toEqual([4]);
    expect(results.map((r) => Array.from(r))).toEqual([[2], [4, 6], [8]]);
  });

  it('never puts more than maxBatchSize rows in one run', async () => {
    const { score, calls } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 4 });
    const submitted = Array.from({ length: 10 }, (_, i) => batcher.submit(rows([i, 0]), 1));
    const results = await Promise.all(submitted);
    expect(Math.max(...calls)).toBeLessThanOrEqual(4);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(10);
    expect(results.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs a request bigger than maxBatchSize on its own', async () => {
    const { score, calls } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 2 });
    const big = await batcher.submit(rows([1, 0], [2, 0], [3, 0]), 3);
    expect(Array.from(big)).toEqual([1, 2, 3]);
    expect(calls).toEqual([3]);
  });

  it('waits up to maxQueueDelayMs for companions when idle, and runs a full batch at once', async () => {
    // Only the test moves the clock of the delay timer; setImmediate (the scorer, a 0 ms delay) stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { score, calls } = recordingScorer();
      const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 3, maxQueueDelayMs: 20 });
      const first = batcher.submit(rows([1, 0]), 1);
      vi.advanceTimersByTime(19);
      const second = batcher.submit(rows([2, 0]), 1);
      await turns(5);
      expect(calls, 'nothing runs before the delay').toEqual([]);
      vi.advanceTimersByTime(1);
      expect(Array.from(await Promise.all([first, second]), (r) => r[0])).toEqual([1, 2]);
      expect(calls).toEqual([2]);
      const idle = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 3, maxQueueDelayMs: 20 });
      const full = Promise.all([idle.submit(rows([3, 0]), 1), idle.submit(rows([4, 0], [5, 0]), 2)]);
      expect(calls, 'maxBatchSize rows waiting: dispatched at once, not after the delay').toEqual([2, 3]);
      expect(vi.getTimerCount(), 'the delay timer of the first request is cancelled').toBe(0);
      await full;
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails only the request that breaks a merged run; its neighbours get their rows', async () => {
    const { score, calls } = recordingScorer({ failWhen: (x) => x.includes(-1) });
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1 });
    const [good1, bad, good2] = await Promise.allSettled([
      batcher.submit(rows([1, 2]), 1),
      batcher.submit(rows([-1, 0]), 1),
      batcher.submit(rows([3, 4]), 1),
    ]);
    expect(good1).toEqual({ status: 'fulfilled', value: Float32Array.from([3]) });
    expect(bad.status).toBe('rejected');
    expect(good2).toEqual({ status: 'fulfilled', value: Float32Array.from([7]) });
    expect(calls[0]).toBe(3); // the merged attempt, then one retry per request
    expect(calls.slice(1)).toEqual([1, 1, 1]);
  });

  it('close() scores everything already queued, then refuses new work', async () => {
    const { score } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxQueueDelayMs: 1000 });
    const queued = batcher.submit(rows([5, 5]), 1);
    await batcher.close();
    expect(Array.from(await queued)).toEqual([10]);
    await expect(batcher.submit(rows([1, 1]), 1)).rejects.toBeInstanceOf(BatcherClosedError);
  });

  it('rejects nonsensical options', () => {
    const { score } = recordingScorer();
    expect(() => new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxQueueDelayMs: -1 })).toThrow(/maxQueueDelayMs/);
  });
});
