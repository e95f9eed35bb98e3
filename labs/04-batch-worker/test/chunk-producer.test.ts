// Step 1 (ChunkWriter: rows into chunks, no Redis needed) and step 2 (chunkJobId, enqueueChunks against a real Redis and queue).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeChunkRows } from '@mlops/batch/chunk-codec';
import type { EnqueueDeps, SealedChunk } from '@mlops/batch/chunk-producer';
import { ChunkWriter, chunkJobId, enqueueChunks } from '@lab/chunk-producer';
import { openSpace, testRedis, WINES, type LabSpace } from './fixtures';

/** A ChunkWriter whose sealed chunks land in `chunks` instead of Redis (step 1 is checked on its own). */
function collectingWriter(chunkSize: number): { writer: ChunkWriter; chunks: SealedChunk[] } {
  const chunks: SealedChunk[] = [];
  const unused = undefined as unknown as EnqueueDeps;
  const writer = new ChunkWriter({ ...unused, ttlSeconds: 600, jobOptions: {}, batchId: 'b', chunkSize, send: async (sealed) => void chunks.push(...sealed) });
  return { writer, chunks };
}

const rounded = (values: ArrayLike<number>) => Array.from(values, (v) => Number(Math.fround(v).toPrecision(5)));

describe('step 1: ChunkWriter.add', () => {
  it('splits 7 rows into chunks of 3, 3 and 1, in order, with their line numbers', async () => {
    const { writer, chunks } = collectingWriter(3);
    for (let i = 0; i < 7; i++) await writer.add(WINES[i % 3], i + 2);
    expect(await writer.finish(), 'finish() returns the row and chunk counts').toEqual({ totalRows: 7, chunkCount: 3 });
    expect(chunks.map((c) => [c.index, c.firstRow, c.rows.rowCount]), 'each sealed chunk: [index, firstRow, rowCount]; seal when rowsInChunk reaches chunkSize').toEqual([[0, 0, 3], [1, 3, 3], [2, 6, 1]]);
    expect(Array.from(chunks[1]!.rows.lines), 'store each row\'s line in this.lines').toEqual([5, 6, 7]);
    expect(rounded(chunks[0]!.rows.features.subarray(11, 22)), 'row 1 goes at offset rowsInChunk * FEATURE_COUNT').toEqual(rounded(WINES[1]!));
    expect(rounded(chunks[2]!.rows.features), 'the last chunk holds row 6 (WINES[0]) only').toEqual(rounded(WINES[0]!));
  });

  it('fills an unreadable row with NaN and keeps its problem under its batch row index', async () => {
    const { writer, chunks } = collectingWriter(2);
    await writer.add(WINES[0], 2);
    await writer.add(undefined, 3, 'column "pH": "abc" is not a number');
    await writer.add(WINES[1], 4);
    await writer.finish();
    expect(chunks[0]!.rows.features.subarray(11, 22).every(Number.isNaN), 'features === undefined: fill the row with NaN').toBe(true);
    expect([...chunks[0]!.problems], 'this.problems.set(this.totalRows, problem) for the row that could not be read').toEqual([[1, 'column "pH": "abc" is not a number']]);
    expect(chunks[1]!.problems.size, 'a chunk only carries its own problems').toBe(0);
  });
});

describe.skipIf(!testRedis)('step 2: chunkJobId and enqueueChunks', () => {
  let s: LabSpace;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => s.close());

  const deps = (batchId: string): EnqueueDeps => ({ redis: s.redis, queue: s.queue, keys: s.keys(batchId), ttlSeconds: 600, jobOptions: {} });
  const chunk = (index: number, rows: number[][], firstRow = index * 3, problems = new Map<number, string>()): SealedChunk => ({
    index,
    firstRow,
    rows: { rowCount: rows.length, features: Float32Array.from(rows.flat()), lines: Uint32Array.from(rows, (_, i) => firstRow + i + 2) },
    problems,
  });

  it('gives a chunk the same job id every time, without ":" (BullMQ forbids it)', () => {
    expect(chunkJobId('nightly', 7), 'chunkJobId must be deterministic').toBe(chunkJobId('nightly', 7));
    expect(chunkJobId('nightly', 7), 'different chunks need different ids').not.toBe(chunkJobId('nightly', 8));
    expect(chunkJobId('a', 12), 'batch "a" chunk 12 must differ from batch "a1" chunk 2').not.toBe(chunkJobId('a1', 2));
    expect(chunkJobId('nightly', 7), 'BullMQ rejects custom job ids containing ":"').not.toContain(':');
  });

  it('stores each chunk\'s rows with a TTL and adds one job per chunk', async () => {
    await enqueueChunks(deps('b1'), 'b1', [chunk(0, [WINES[0]!, WINES[1]!, WINES[2]!]), chunk(1, [WINES[0]!], 3)]);
    const jobs = (await s.queue.getJobs(['waiting'])).sort((a, b) => a.data.chunkIndex - b.data.chunkIndex);
    expect(jobs.map((j) => j.id), 'one job per chunk, with the id from chunkJobId').toEqual([chunkJobId('b1', 0), chunkJobId('b1', 1)]);
    expect(jobs.map((j) => [j.data.firstRow, j.data.rowCount]), 'job data: firstRow and rowCount of each chunk').toEqual([[0, 3], [3, 1]]);
    const stored = await s.redis.hgetallBuffer(s.keys('b1').input);
    expect(Object.keys(stored).sort(), 'store each chunk\'s rows in the input hash, one field per chunk index').toEqual(['0', '1']);
    const last = decodeChunkRows(stored['1']!);
    expect(rounded(last.features), 'the field holds encodeChunkRows(chunk.rows)').toEqual(rounded(WINES[0]!));
    expect(Array.from(last.lines), 'keep each row\'s line number').toEqual([5]);
    expect(await s.redis.ttl(s.keys('b1').input), 'give the input hash a TTL (EXPIRE) so abandoned batches disappear').toBeGreaterThan(0);
  });

  it('records a chunk\'s known problems as failures with their line', async () => {
    await enqueueChunks(deps('b2'), 'b2', [chunk(0, [WINES[0]!, WINES[1]!], 0, new Map([[1, 'column "pH": "abc" is not a number']]))]);
    const failure = await s.redis.hget(s.keys('b2').failures, '1');
    expect(failure, 'store the problem of row 1 in the failures hash (field "1") with failureRecord(row, line, reason)').not.toBeNull();
    expect(JSON.parse(failure!)).toEqual({ row: 1, line: 3, reason: 'column "pH": "abc" is not a number' });
  });

  it('enqueues the same chunks twice but keeps one job per chunk (idempotent)', async () => {
    await enqueueChunks(deps('b3'), 'b3', [chunk(0, [WINES[0]!])]);
    await enqueueChunks(deps('b3'), 'b3', [chunk(0, [WINES[0]!])]);
    expect(await s.queue.count(), 'use chunkJobId as the jobId so BullMQ ignores the second add').toBe(1);
  });
});
