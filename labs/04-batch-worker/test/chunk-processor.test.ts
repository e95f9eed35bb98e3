// Step 3: scoring a chunk (bad rows set aside, one model call) and saving its results exactly once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASS_COUNT, decodeChunkResults } from '@mlops/batch/chunk-codec';
import type { RowScorer } from '@mlops/batch/row-scorer';
import { saveChunkResults, scoreChunk, type ScoredChunk } from '@lab/chunk-processor';
import { openSpace, rowsOf, sharedModel, testRedis, WINES, type LabSpace } from './fixtures';

/** A scorer that records the rows it is given (as plain arrays) and answers with the real model. */
async function recordingScorer(): Promise<{ scorer: RowScorer; calls: number[][][] }> {
  const model = await sharedModel();
  const calls: number[][][] = [];
  const scorer: RowScorer = {
    score: (features, rowCount) => {
      calls.push(Array.from({ length: rowCount }, (_, r) => Array.from(features.subarray(r * 11, (r + 1) * 11))));
      return model.score(features, rowCount);
    },
  };
  return { scorer, calls };
}

const f32 = (values: readonly number[]) => Array.from(Float32Array.from(values));

describe('step 3: scoreChunk', () => {
  it('scores good rows with one model call and gives NaN to rows that can never be scored', async () => {
    const model = await sharedModel();
    const { scorer, calls } = await recordingScorer();
    const badPh = [...WINES[1]!];
    badPh[8] = 40;
    const rows = rowsOf([WINES[0]!, badPh, WINES[2]!, WINES[1]!.map(() => Number.NaN)]);
    const scored = await scoreChunk(rows, scorer);
    expect(calls.map((rowsScored) => rowsScored.length), 'call scorer.score once, with only the 2 good rows').toEqual([2]);
    expect(calls[0], "pass the good rows' 11 values, in chunk order (rows 0 and 2)").toEqual([f32(WINES[0]!), f32(WINES[2]!)]);
    expect(scored.probabilities, 'return rowCount x 3 probabilities').toHaveLength(4 * CLASS_COUNT);
    const expected = await model.score(new Float32Array([...WINES[0]!, ...WINES[2]!]), 2);
    expect(Array.from(scored.probabilities.subarray(0, 3)), 'row 0 gets the first output row').toEqual(Array.from(expected.subarray(0, 3)));
    expect(Array.from(scored.probabilities.subarray(6, 9)), 'row 2 gets the second output row, at its own place (row * 3)').toEqual(Array.from(expected.subarray(3, 6)));
    expect(Array.from(scored.probabilities.subarray(3, 6)).every(Number.isNaN), 'a row that was not scored keeps NaN').toBe(true);
    expect(Array.from(scored.probabilities.subarray(9, 12)).every(Number.isNaN), 'the last row was not scored either: NaN').toBe(true);
    expect([...scored.problems.keys()], "report rows 1 and 3 (positions in the chunk) with rowProblem()'s reason").toEqual([1, 3]);
    expect(scored.problems.get(1)).toContain('"pH" is 40');
  });

  it('scores a chunk of good rows in one call and keeps every row at its place', async () => {
    const model = await sharedModel();
    const { scorer, calls } = await recordingScorer();
    const wines = [WINES[2]!, WINES[0]!, WINES[1]!];
    const scored = await scoreChunk(rowsOf(wines), scorer);
    expect(calls, 'one call with all 3 rows, in order').toEqual([wines.map(f32)]);
    expect(Array.from(scored.probabilities), 'row i gets output row i').toEqual(Array.from(await model.score(new Float32Array(wines.flat()), 3)));
    expect(scored.problems.size, 'no problems in a good chunk').toBe(0);
  });

  it('does not call the model for a chunk without one good row', async () => {
    const { scorer, calls } = await recordingScorer();
    const scored = await scoreChunk(rowsOf([WINES[0]!.map(() => Number.NaN), WINES[1]!.map(() => Number.POSITIVE_INFINITY)]), scorer);
    expect(calls, 'no scorer.score call when every row has a problem').toEqual([]);
    expect(Array.from(scored.probabilities).every(Number.isNaN), 'every row keeps NaN').toBe(true);
    expect([...scored.problems.keys()]).toEqual([0, 1]);
  });
});

describe.skipIf(!testRedis)('step 3: saveChunkResults', () => {
  let s: LabSpace;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => s.close());

  const scoredWithProblem = (position: number, reason: string): ScoredChunk => {
    const probabilities = new Float32Array([0.1, 0.2, 0.7, 0.3, 0.3, 0.4]);
    probabilities.fill(Number.NaN, position * 3, position * 3 + 3);
    return { probabilities, problems: new Map([[position, reason]]) };
  };

  it('records a bad row under its batch row (job.firstRow + position), so every chunk keeps its own failures', async () => {
    const keys = s.keys('b1');
    const chunk0 = { batchId: 'b1', chunkIndex: 0, firstRow: 0, rowCount: 2 };
    const chunk4 = { batchId: 'b1', chunkIndex: 4, firstRow: 400, rowCount: 2 };
    await saveChunkResults(s.redis, keys, chunk0, rowsOf([WINES[0]!, WINES[1]!], 2), scoredWithProblem(1, 'bad in chunk 0'), 600);
    await saveChunkResults(s.redis, keys, chunk4, rowsOf([WINES[0]!, WINES[1]!], 402), scoredWithProblem(1, 'bad in chunk 4'), 600);
    const failures = await s.redis.hgetall(keys.failures);
    expect(Object.keys(failures).sort(), 'position 1 of chunk 4 is batch row 400 + 1 = 401: use row = job.firstRow + i as the field').toEqual(['1', '401']);
    expect(JSON.parse(failures['401']!), "failureRecord(row, rows.lines[i], reason): the batch row and the row's CSV line").toEqual({ row: 401, line: 403, reason: 'bad in chunk 4' });
    expect(JSON.parse(failures['1']!).reason).toBe('bad in chunk 0');
  });

  it('stores a chunk once even when a retry saves it again, and never overwrites an earlier failure reason', async () => {
    const keys = s.keys('b2');
    const job = { batchId: 'b2', chunkIndex: 4, firstRow: 400, rowCount: 2 };
    const rows = rowsOf([WINES[0]!, WINES[1]!]);
    await s.redis.hset(keys.meta, 'state', 'queued');
    await s.redis.hset(keys.input, '4', 'rows', '5', 'rows of chunk 5');
    await s.redis.hset(keys.failures, '401', JSON.stringify({ row: 401, line: 3, reason: 'found first' }));
    const scored = scoredWithProblem(1, 'found later');
    await saveChunkResults(s.redis, keys, job, rows, scored, 600);
    await saveChunkResults(s.redis, keys, job, rows, scored, 600);
    expect(await s.redis.hkeys(keys.results), 'use ONE field per chunk (its index) in the results hash, so a retry overwrites it').toEqual(['4']);
    const stored = decodeChunkResults((await s.redis.hgetBuffer(keys.results, '4'))!);
    expect(Array.from(stored.probabilities.subarray(0, 3)).map((p) => Number(p.toFixed(3))), 'store encodeChunkResults({ rowCount, probabilities, lines })').toEqual([0.1, 0.2, 0.7]);
    expect(Number.isNaN(stored.probabilities[3]), 'the unscored row keeps NaN').toBe(true);
    expect(Array.from(stored.lines), 'store the line numbers with the results').toEqual([2, 3]);
    expect(JSON.parse((await s.redis.hget(keys.failures, '401'))!).reason, 'use HSETNX for failures: the first reason wins').toBe('found first');
    expect(await s.redis.hkeys(keys.input), "delete this chunk's input rows (HDEL field 4) once its results are stored, and only them").toEqual(['5']);
    for (const [name, key] of [['results', keys.results], ['failures', keys.failures], ['meta', keys.meta]] as const) {
      expect(await s.redis.ttl(key), `refresh the TTL (EXPIRE ttlSeconds) of the ${name} hash`).toBeGreaterThan(590);
    }
  });
});
