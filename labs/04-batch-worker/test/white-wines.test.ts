// All steps together: your producer and processor score the 4898 white wines with a real BullMQ worker.

import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatch, finishBatch, readBatchStatus, parseCsvHeader, parseCsvRow } from '@mlops/batch';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { createWorkerConnection } from '@mlops/redis';
import { ChunkWriter } from '@lab/chunk-producer';
import { createChunkProcessor } from '@lab/chunk-processor';
import { chunkJobOptions, stalledJobOptions } from '@lab/retry-policy';
import { openSpace, sharedModel, testRedis, type LabSpace } from './fixtures';

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

  it('scores all 4898 white wines, each row exactly once', async () => {
    const connection = createWorkerConnection(testRedis!.url);
    const processor = createChunkProcessor({ redis: connection, space: s.space, scorer: await sharedModel(), ttlSeconds: 600 });
    worker = new Worker(s.space.queueName, processor, { connection, prefix: s.prefix, concurrency: 2, ...stalledJobOptions() });
    worker.on('error', () => {});

    await createBatch(s.redis, s.space, 'white', { source: 'csv', chunkSize: 500, ttlSeconds: 600 });
    const writer = new ChunkWriter({ redis: s.redis, queue: s.queue, keys: s.keys('white'), ttlSeconds: 600, jobOptions: chunkJobOptions(), batchId: 'white', chunkSize: 500 });
    let header;
    let line = 0;
    const values = new Float64Array(11);
    for await (const text of createInterface({ input: createReadStream(WHITE_WINE_CSV), crlfDelay: Infinity })) {
      line++;
      if (header === undefined) header = parseCsvHeader(text);
      else await writer.add(parseCsvRow(text, header, values) === undefined ? values : undefined, line);
    }
    const totals = await writer.finish();
    expect(totals, 'finish() returns { totalRows: 4898, chunkCount: 10 } for chunks of 500').toEqual({ totalRows: 4898, chunkCount: 10 });
    await finishBatch(s.redis, s.space, 'white', totals);

    const deadline = Date.now() + 15_000;
    let status = await readBatchStatus(s.redis, s.space, 'white');
    while (status?.state !== 'completed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = await readBatchStatus(s.redis, s.space, 'white');
    }
    expect(status, 'the batch should complete: every chunk needs a field in the results hash').toMatchObject({
      state: 'completed',
      rows: { total: 4898, done: 4898, scored: 4898, failed: 0 },
      chunks: { total: 10, done: 10 },
    });
  });
});
