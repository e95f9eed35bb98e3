// Step 1 (ChunkBuilder: rows into chunks, no Redis needed) and step 2 (chunkJobId, enqueueChunks against a real Redis and queue).

import type { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeChunkRows } from '@mlops/batch/chunk-codec';
import type { ChunkJobData } from '@mlops/batch/job-types';
import { ChunkBuilder, chunkJobId, enqueueChunks, type EnqueueDeps, type SealedChunk } from '@lab/chunk-producer';
import { openSpace, rowsOf, testRedis, WINES, type LabSpace } from './fixtures';

const rounded = (values: ArrayLike<number>) => Array.from(values, (v) => Number(Math.fround(v).toPrecision(5)));

/** Adds `rows` (undefined = unreadable) and returns what add() returned for each row, then what finish() returned. */
function build(chunkSize: number, rows: readonly (readonly number[] | undefined)[], problem = 'column "pH": "abc" is not a number') {
  const builder = new ChunkBuilder(chunkSize);
  const returned = rows.map((row, i) => builder.add(row, i + 2, row === undefined ? problem : undefined));
  const last = builder.finish();
  const chunks = [...returned, last].filter((c): c is SealedChunk => c !== undefined);
  return { builder, returned, last, chunks };
}

describe('step 1: ChunkBuilder.add', () => {
  it('splits 7 rows into chunks of 3, 3 and 1, in order, with their line numbers', () => {
    const { builder, returned, last, chunks } = build(3, Array.from({ length: 7 }, (_, i) => WINES[i % 3]!));
    expect(returned.map((c) => c?.index), 'add() returns the chunk when the row fills it (the 3rd and 6th row), undefined otherwise').toEqual([
      undefined,
      undefined,
      0,
      undefined,
      undefined,
      1,
      undefined,
    ]);
    expect(last?.index, 'finish() returns the last, partial chunk').toBe(2);
    expect(chunks.map((c) => [c.index, c.firstRow, c.rows.rowCount]), 'each sealed chunk: [index, firstRow, rowCount]').toEqual([
      [0, 0, 3],
      [1, 3, 3],
      [2, 6, 1],
    ]);
    expect([builder.rowCount, builder.chunkCount], 'count every row in totalRows').toEqual([7, 3]);
    expect(Array.from(chunks[1]!.rows.lines), "store each row's line in this.lines").toEqual([5, 6, 7]);
    expect(rounded(chunks[0]!.rows.features.subarray(11, 22)), 'row 1 goes at offset rowsInChunk * FEATURE_COUNT').toEqual(rounded(WINES[1]!));
    expect(rounded(chunks[1]!.rows.features), 'chunk 1 holds rows 3-5 (WINES[0], WINES[1], WINES[2]) in order').toEqual(rounded([...WINES[0]!, ...WINES[1]!, ...WINES[2]!]));
    expect(rounded(chunks[2]!.rows.features), 'the last chunk holds row 6 (WINES[0]) only').toEqual(rounded(WINES[0]!));
  });

  it('seals a chunk exactly when it holds chunkSize rows, so 6 rows in chunks of 3 leave nothing for finish()', () => {
    const { returned, last } = build(3, Array.from({ length: 6 }, (_, i) => WINES[i % 3]!));
    expect(returned.map((c) => c?.rows.rowCount), 'seal when rowsInChunk reaches chunkSize, not one row later').toEqual([undefined, undefined, 3, undefined, undefined, 3]);
    expect(last, 'no empty chunk at the end').toBeUndefined();
  });

  it('seals every row on its own with chunkSize 1', () => {
    const { returned } = build(1, [WINES[0]!, WINES[1]!]);
    expect(returned.map((c) => c && [c.index, c.firstRow, c.rows.rowCount])).toEqual([
      [0, 0, 1],
      [1, 1, 1],
    ]);
  });

  it('fills an unreadable row with NaN and keeps its problem under its batch row index', () => {
    // Row 3 is the 2nd row of chunk 1: its place in the buffer still holds row 1's values from chunk 0.
    const { chunks } = build(2, [WINES[0]!, WINES[1]!, WINES[2]!, undefined]);
    expect(chunks[1]!.rows.features.subarray(11, 22).every(Number.isNaN), 'features === undefined: fill the row with NaN').toBe(true);
    expect([...chunks[1]!.problems], 'this.problems.set(this.totalRows, problem): row 3 of the batch, not position 1 of the chunk').toEqual([
      [3, 'column "pH": "abc" is not a number'],
    ]);
    expect(chunks[0]!.problems.size, 'a chunk only carries its own problems (no problem for readable rows)').toBe(0);
  });
});

describe.skipIf(!testRedis)('step 2: chunkJobId and enqueueChunks', () => {
  let s: LabSpace;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => s.close());

  const deps = (batchId: string, extra: Partial<EnqueueDeps> = {}): EnqueueDeps => ({ redis: s.redis, queue: s.queue, keys: s.keys(batchId), ttlSeconds: 600, jobOptions: {}, ...extra });
  const chunk = (index: number, wines: number[][], firstRow = index * 3, problems = new Map<number, string>()): SealedChunk => ({
    index,
    firstRow,
    rows: rowsOf(wines, firstRow + 2),
    problems,
  });

  it('gives a chunk the same job id every time, a different one for every other chunk, without ":"', () => {
    expect(chunkJobId('nightly', 7), 'chunkJobId must be deterministic: no time, no random').toBe(chunkJobId('nightly', 7));
    expect(chunkJobId('nightly', 7), 'different chunks need different ids').not.toBe(chunkJobId('nightly', 8));
    expect(chunkJobId('monday', 0), 'chunk 0 of two batches needs two ids: put the batch id in the job id').not.toBe(chunkJobId('tuesday', 0));
    expect(chunkJobId('a', 12), 'batch "a" chunk 12 must differ from batch "a1" chunk 2: put a separator between them').not.toBe(chunkJobId('a1', 2));
    expect(chunkJobId('nightly', 7), 'BullMQ rejects custom job ids containing ":"').not.toContain(':');
  });

  it("stores each chunk's rows with a TTL and adds one job per chunk, with the batch's job options", async () => {
    await enqueueChunks(deps('b1', { jobOptions: { attempts: 7 } }), 'b1', [chunk(0, [WINES[0]!, WINES[1]!, WINES[2]!]), chunk(1, [WINES[0]!], 3)]);
    const jobs = (await s.queue.getJobs(['waiting'])).sort((a, b) => a.data.chunkIndex - b.data.chunkIndex);
    expect(jobs.map((j) => j.id), 'one job per chunk, with the id from chunkJobId').toEqual([chunkJobId('b1', 0), chunkJobId('b1', 1)]);
    expect(
      jobs.map((j) => j.data),
      'job data: { batchId, chunkIndex, firstRow, rowCount } of each chunk',
    ).toEqual([
      { batchId: 'b1', chunkIndex: 0, firstRow: 0, rowCount: 3 },
      { batchId: 'b1', chunkIndex: 1, firstRow: 3, rowCount: 1 },
    ]);
    expect(jobs.map((j) => j.opts.attempts), 'give every job deps.jobOptions (attempts, backoff, ...) plus its jobId').toEqual([7, 7]);
    const stored = await s.redis.hgetallBuffer(s.keys('b1').input);
    expect(Object.keys(stored).sort(), "store each chunk's rows in the input hash, one field per chunk index").toEqual(['0', '1']);
    const last = decodeChunkRows(stored['1']!);
    expect(rounded(last.features), 'the field holds encodeChunkRows(chunk.rows)').toEqual(rounded(WINES[0]!));
    expect(Array.from(last.lines), "keep each row's line number").toEqual([5]);
    expect(await s.redis.ttl(s.keys('b1').input), 'give the input hash a TTL (EXPIRE deps.ttlSeconds) so abandoned batches disappear').toBeGreaterThan(590);
  });

  it('stores every chunk\'s rows BEFORE adding its job: a waiting worker takes a job the moment it exists', async () => {
    // Looks into Redis at the moment the jobs are added (same connection, so every command sent before is done).
    const atAdd: string[][] = [];
    const watched = new Proxy(s.queue, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if ((property !== 'add' && property !== 'addBulk') || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          atAdd.push((await s.redis.hkeys(s.keys('b4').input)).sort());
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Queue<ChunkJobData>;
    await enqueueChunks(deps('b4', { queue: watched }), 'b4', [chunk(0, [WINES[0]!, WINES[1]!, WINES[2]!]), chunk(1, [WINES[2]!], 3)]);
    expect(atAdd.length, 'add the jobs with deps.queue.addBulk').toBeGreaterThan(0);
    expect(atAdd[0], "await the MULTI that stores the chunks' rows first, THEN call queue.addBulk (the other order lets a worker find a job without rows)").toEqual(['0', '1']);
    expect(await s.queue.count(), 'one job per chunk').toBe(2);
  });

  it("records a chunk's known problems as failures under their batch row, with their line", async () => {
    const problems = new Map([[4, 'column "pH": "abc" is not a number']]);
    await enqueueChunks(deps('b2'), 'b2', [chunk(0, [WINES[0]!, WINES[1]!, WINES[2]!]), chunk(1, [WINES[0]!, WINES[1]!], 3, problems)]);
    const failures = await s.redis.hgetall(s.keys('b2').failures);
    expect(Object.keys(failures), 'store the problem of batch row 4 in the failures hash (field "4")').toEqual(['4']);
    expect(JSON.parse(failures['4']!), 'use failureRecord(row, line, reason); row 4 is position row - chunk.firstRow = 1 of its chunk, on line 6').toEqual({
      row: 4,
      line: 6,
      reason: 'column "pH": "abc" is not a number',
    });
    expect(await s.redis.ttl(s.keys('b2').failures), 'give the failures hash the same TTL').toBeGreaterThan(590);
  });

  it('enqueues the same chunks twice but keeps one job per chunk (idempotent)', async () => {
    await enqueueChunks(deps('b3'), 'b3', [chunk(0, [WINES[0]!])]);
    await enqueueChunks(deps('b3'), 'b3', [chunk(0, [WINES[0]!])]);
    expect(await s.queue.count(), 'use chunkJobId as the jobId so BullMQ ignores the second add').toBe(1);
  });
});
