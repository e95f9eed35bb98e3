// Steps 4-5: the micro-batcher merges concurrent requests into one run and hands each caller its own rows.

import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_REPOSITORY, loadModel } from '@mlops/serving';
import { MicroBatcher, type ScoreFn } from '@lab/micro-batcher';
import { WINE_1, WINE_2 } from './fixtures';

/** A scorer with 2 values in and 1 out per row (x0 + x1) that records how many rows each run got. */
function recordingScorer(failWhen?: (x: Float32Array) => boolean): { score: ScoreFn; runs: number[] } {
  const runs: number[] = [];
  const score: ScoreFn = async (x, n) => {
    runs.push(n);
    await new Promise((r) => setImmediate(r));
    if (failWhen?.(x)) throw new Error('the model failed on this batch');
    return Float32Array.from({ length: n }, (_, r) => x[r * 2]! + x[r * 2 + 1]!);
  };
  return { score, runs };
}

describe('step 4: submit queues requests and dispatches batches', () => {
  it('merges requests that arrive together into one model run', async () => {
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 64 });
    await Promise.all([1, 2, 3].map((v) => batcher.submit(Float32Array.from([v, v]), 1)));
    expect(runs, 'three concurrent single-row requests should become ONE run of 3 rows: queue them, then dispatch once').toEqual([3]);
  });

  it('never puts more than maxBatchSize rows into one run', async () => {
    const { score, runs } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1, maxBatchSize: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(Float32Array.from([i, 0]), 1)));
    expect(Math.max(...runs), 'dispatch as soon as the queue holds maxBatchSize rows').toBeLessThanOrEqual(4);
    expect(runs.reduce((a, b) => a + b, 0), 'every row is scored exactly once').toBe(10);
  });
});

describe('step 5: runBatch scores once and slices the outputs', () => {
  it('gives each caller exactly its own rows', async () => {
    const { score } = recordingScorer();
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1 });
    const [a, b, c] = await Promise.all([
      batcher.submit(Float32Array.from([1, 1]), 1),
      batcher.submit(Float32Array.from([2, 2, 3, 3]), 2),
      batcher.submit(Float32Array.from([4, 4]), 1),
    ]);
    expect(Array.from(a!), 'caller 1 sent one row (1+1)').toEqual([2]);
    expect(Array.from(b!), 'caller 2 sent two rows: give it outputs.subarray for both').toEqual([4, 6]);
    expect(Array.from(c!), 'caller 3 sent one row (4+4)').toEqual([8]);
  });

  it('fails only the bad request when a merged run fails', async () => {
    const { score } = recordingScorer((x) => x.includes(-1));
    const batcher = new MicroBatcher(score, { inputWidth: 2, outputWidth: 1 });
    const results = await Promise.allSettled([
      batcher.submit(Float32Array.from([1, 2]), 1),
      batcher.submit(Float32Array.from([-1, 0]), 1),
      batcher.submit(Float32Array.from([3, 4]), 1),
    ]);
    expect(results.map((r) => r.status), 'after a failed merged run, retry each request on its own').toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('returns the same probabilities as scoring the real model row by row', async () => {
    const model = await loadModel({ repository: DEFAULT_MODEL_REPOSITORY, name: 'wine-quality' });
    try {
      const batcher = new MicroBatcher((x, n) => model.score(x, n), { inputWidth: 11, outputWidth: 3 });
      const rows = [WINE_1, WINE_2, WINE_1.map((v) => v * 1.1)];
      const batched = await Promise.all(rows.map((r) => batcher.submit(Float32Array.from(r), 1)));
      for (const [i, r] of rows.entries()) {
        expect(Array.from(batched[i]!), `caller ${i} must get the model's output for its own wine`).toEqual(Array.from(await model.score(Float32Array.from(r), 1)));
      }
      await batcher.close();
    } finally {
      await model.close();
    }
  });
});
