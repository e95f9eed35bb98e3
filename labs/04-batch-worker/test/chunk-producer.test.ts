// Steps 1 and 2: the chunking producer (ChunkWriter, chunkJobId, enqueueChunks) against a real Redis and queue.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeChunkRows } from '@mlops/batch/chunk-codec';
import { ChunkWriter, chunkJobId, enqueueChunks } from '@lab/chunk-producer';
import { openSpace, testRedis, WINES, type LabSpace } from './fixtures';

describe.skipIf(!testRedis)('steps 1 and 2: the chunking producer', () => {
  let s: LabSpace;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => s.close());

  const writer = (batchId: string, chunkSize: number) =>
    new ChunkWriter({ redis: s.redis, queue: s.queue, keys: s.keys(batchId), ttlSeconds: 600, jobOptions: {}, batchId, chunkSize });

  it('step 2: gives a chunk the same job id every time, without ":" (BullMQ forbids it)', () => {
    expect(chunkJobId('nightly', 7), 'chunkJobId must be deterministic').toBe(chunkJobId('nightly', 7));
    expect(chunkJobId('nightly', 7), 'different chunks need different ids').not.toBe(chunkJobId('nightly', 8));
    expect(chunkJobId('a', 12), 'batch "a" chunk 12 must differ from batch "a1" chunk 2').not.toBe(chunkJobId('a1', 2));
    expect(chunkJobId('nightly', 7), 'BullMQ rejects custom job ids containing ":"').not.toContain(':');
  });

  it('step 1: splits 7 rows into chunks of 3, 3 and 1 and enqueues one job per chunk', async () => {
    const w = writer('b1', 3);
    for (let i = 0; i < 7; i++) await w.add(WINES[i % 3], i + 2);
    expect(await w.finish(), 'finish() returns the row and chunk counts').toEqual({ totalRows: 7, chunkCount: 3 });
    const jobs = (await s.queue.getJobs(['waiting'])).sort((a, b) => a.data.chunkIndex - b.data.chunkIndex);
    expect(jobs.map((j) => j.id), 'one job per chunk, with the id from chunkJobId').toEqual([0, 1, 2].map((i) => chunkJobId('b1', i)));
    expect(jobs.map((j) => [j.data.firstRow, j.data.rowCount]), 'job data: firstRow and rowCount of each chunk').toEqual([[0, 3], [3, 3], [6, 1]]);
    const stored = await s.redis.hgetallBuffer(s.keys('b1').input);
    expect(Object.keys(stored).sort(), 'store each chunk\'s rows in the input hash, one field per chunk index').toEqual(['0', '1', '2']);
    const last = decodeChunkRows(stored['2']!);
    expect(Array.from(last.features).map((v) => Number(v.toPrecision(5))), 'chunk 2 holds row 6 (WINES[0])').toEqual(WINES[0]!.map((v) => Number(Math.fround(v).toPrecision(5))));
    expect(Array.from(last.lines), 'keep each row\'s line number').toEqual([8]);
    expect(await s.redis.ttl(s.keys('b1').input), 'give the input hash a TTL (EXPIRE) so abandoned batches disappear').toBeGreaterThan(0);
  });

  it('step 1: records a row that could not be read as a failure with its line, not as a chunk error', async () => {
    const w = writer('b2', 2);
    await w.add(WINES[0], 2);
    await w.add(undefined, 3, 'column "pH": "abc" is not a number');
    await w.finish();
    const failure = await s.redis.hget(s.keys('b2').failures, '1');
    expect(failure, 'store the problem of row 1 in the failures hash (field "1")').not.toBeNull();
    expect(JSON.parse(failure!)).toEqual({ row: 1, line: 3, reason: 'column "pH": "abc" is not a number' });
    const rows = decodeChunkRows((await s.redis.hgetBuffer(s.keys('b2').input, '0'))!);
    expect(Number.isNaN(rows.features[11]), 'fill an unreadable row with NaN').toBe(true);
  });

  it('step 2: enqueues the same chunks twice but keeps one job per chunk (idempotent)', async () => {
    const chunk = { index: 0, firstRow: 0, rows: { rowCount: 1, features: new Float32Array(WINES[0]!), lines: new Uint32Array([2]) }, problems: new Map() };
    const deps = { redis: s.redis, queue: s.queue, keys: s.keys('b3'), ttlSeconds: 600, jobOptions: {} };
    await enqueueChunks(deps, 'b3', [chunk]);
    await enqueueChunks(deps, 'b3', [chunk]);
    expect(await s.queue.count(), 'use chunkJobId as the jobId so BullMQ ignores the second add').toBe(1);
  });
});
