// All steps together: your producer, processor and retry policy score the 4898 white wines with a real BullMQ worker.

import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatch, finishBatch, parseCsvHeader, parseCsvRow, readBatchStatus, type CsvColumns } from '@mlops/batch';
import { decodeChunkResults } from '@mlops/batch/chunk-codec';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { ChunkProducer } from '@lab/chunk-producer';
import { createChunkProcessor } from '@lab/chunk-processor';
import { chunkJobOptions, stalledJobOptions } from '@lab/retry-policy';
import { completedJobs, openSpace, sharedModel, testRedis, type LabSpace } from './fixtures';

describe.skipIf(!testRedis)('steps 1-5 together', () => {
  let s: LabSpace;
  let worker: Worker | undefined;
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => {
    await worker?.close(true);
    await s.close();
  });

  it('scores all 4898 white wines, each row exactly once, in row order', async () => {
    const connection = s.workerConnection();
    const processor = createChunkProcessor({ redis: connection, space: s.space, scorer: await sharedModel(), ttlSeconds: 600 });
    worker = new Worker(s.space.queueName, processor, { connection, prefix: s.prefix, concurrency: 2, ...stalledJobOptions() });
    worker.on('error', () => {});
    const done = completedJobs(worker, 10, 'every chunk job must complete');

    await createBatch(s.redis, s.space, 'white', { source: 'csv', chunkSize: 500, ttlSeconds: 600 });
    const producer = new ChunkProducer({ redis: s.redis, queue: s.queue, keys: s.keys('white'), ttlSeconds: 600, jobOptions: chunkJobOptions(), batchId: 'white', chunkSize: 500 });
    let header: CsvColumns | undefined;
    let line = 0;
    const values = new Float64Array(11);
    for await (const text of createInterface({ input: createReadStream(WHITE_WINE_CSV), crlfDelay: Infinity })) {
      line++;
      if (header === undefined) header = parseCsvHeader(text);
      else await producer.add(parseCsvRow(text, header, values) === undefined ? values : undefined, line);
    }
    const totals = await producer.finish();
    expect(totals, 'finish() returns { totalRows: 4898, chunkCount: 10 } for chunks of 500').toEqual({ totalRows: 4898, chunkCount: 10 });
    await finishBatch(s.redis, s.space, 'white', totals);

    const outcomes = await done;
    expect(outcomes.every((o) => (o as { status: string }).status === 'scored'), 'every chunk is scored once').toBe(true);
    expect(await readBatchStatus(s.redis, s.space, 'white'), 'the batch completes: every chunk needs a field in the results hash').toMatchObject({
      state: 'completed',
      rows: { total: 4898, done: 4898, scored: 4898, failed: 0 },
      chunks: { total: 10, done: 10 },
    });
    const results = await s.redis.hgetallBuffer(s.keys('white').results);
    const firstLines = Array.from({ length: 10 }, (_, k) => decodeChunkResults(results[String(k)]!).lines[0]);
    expect(firstLines, 'results field k holds chunk k, whose first row is file line 500 * k + 2').toEqual(Array.from({ length: 10 }, (_, k) => 500 * k + 2));
  });
});
