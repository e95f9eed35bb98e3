// Step 3: scoring a chunk (bad rows set aside, one model call) and saving its results exactly once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASS_COUNT, decodeChunkResults, type ChunkRows } from '@mlops/batch/chunk-codec';
import { saveChunkResults, scoreChunk, type RowScorer } from '@lab/chunk-processor';
import { openSpace, sharedModel, testRedis, WINES, type LabSpace } from './fixtures';

function rowsOf(wines: number[][]): ChunkRows {
  return { rowCount: wines.length, features: new Float32Array(wines.flat()), lines: new Uint32Array(wines.map((_, i) => i + 2)) };
}

describe('step 3: scoreChunk', () => {
  it('scores good rows with one model call and gives NaN to rows that can never be scored', async () => {
    const model = await sharedModel();
    const calls: number[] = [];
    const counting: RowScorer = { score: (f, n) => (calls.push(n), model.score(f, n)) };
    const badPh = [...WINES[1]!];
    badPh[8] = 40;
    const rows = rowsOf([WINES[0]!, badPh, WINES[2]!, WINES[1]!.map(() => Number.NaN)]);
    const scored = await scoreChunk(rows, counting);
    expect(calls, 'call scorer.score once, with only the 2 good rows').toEqual([2]);
    expect(scored.probabilities, 'return rowCount x 3 probabilities').toHaveLength(4 * CLASS_COUNT);
    const expected = await model.score(new Float32Array([...WINES[0]!, ...WINES[2]!]), 2);
    expect(Array.from(scored.probabilities.subarray(0, 3)), 'row 0 gets its own probabilities').toEqual(Array.from(expected.subarray(0, 3)));
    expect(Array.from(scored.probabilities.subarray(6, 9)), 'row 2 gets the second output row').toEqual(Array.from(expected.subarray(3, 6)));
    expect(Number.isNaN(scored.probabilities[3]!), 'a row that was not scored keeps NaN').toBe(true);
    expect([...scored.problems.keys()], 'report rows 1 and 3 with rowProblem()\'s reason').toEqual([1, 3]);
    expect(scored.problems.get(1)).toContain('"pH" is 40');
  });
});

describe.skipIf(!testRedis)('step 3: saveChunkResults', () => {
  let s: LabSpace;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => s.close());

  it('stores a chunk once even when a retry saves it again, and never overwrites an earlier failure reason', async () => {
    const keys = s.keys('b1');
    const job = { batchId: 'b1', chunkIndex: 4, firstRow: 400, rowCount: 2 };
    const rows = rowsOf([WINES[0]!, WINES[1]!]);
    await s.redis.hset(keys.input, '4', 'rows');
    await s.redis.hset(keys.failures, '401', JSON.stringify({ row: 401, line: 3, reason: 'found first' }));
    const scored = { probabilities: new Float32Array([0.1, 0.2, 0.7, NaN, NaN, NaN]), problems: new Map([[1, 'found later']]) };
    await saveChunkResults(s.redis, keys, job, rows, scored, 600);
    await saveChunkResults(s.redis, keys, job, rows, scored, 600);
    expect(await s.redis.hkeys(keys.results), 'use ONE field per chunk (its index) in the results hash, so a retry overwrites it').toEqual(['4']);
    const stored = decodeChunkResults((await s.redis.hgetBuffer(keys.results, '4'))!);
    expect(Array.from(stored.probabilities.subarray(0, 3)).map((p) => Number(p.toFixed(3)))).toEqual([0.1, 0.2, 0.7]);
    expect(Array.from(stored.lines), 'store the line numbers with the results').toEqual([2, 3]);
    expect(JSON.parse((await s.redis.hget(keys.failures, '401'))!).reason, 'use HSETNX for failures: the first reason wins').toBe('found first');
    expect(await s.redis.hexists(keys.input, '4'), 'delete the chunk\'s input rows once its results are stored').toBe(0);
    expect(await s.redis.ttl(keys.results), 'give the results hash a TTL').toBeGreaterThan(0);
  });
});
