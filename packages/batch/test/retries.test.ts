// Retry behaviour with a real queue: transient scoring faults are retried, invalid chunks fail once and are reported.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { batchKeys, type RowScorer } from '../src/index';
import { sharedModel, startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

describe.skipIf(!testRedis)('chunk retries', () => {
  let fx: BatchFixture;
  beforeEach(async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 2, retryPolicy: { attempts: 3, backoffDelayMs: 20, jitter: 0.5, keepCompleted: 100, keepFailed: 100, keepFailedSeconds: 600 } });
  });
  afterEach(async () => fx.close());
  const status = async (id: string, token: string) => (await request(fx.app).get(`/v1/batches/${id}`).set('batch-token', token).expect(200)).body;

  it('retries a chunk whose scoring fails transiently and stores its results once', async () => {
    const model = await sharedModel();
    let calls = 0;
    const flaky: RowScorer = {
      score: async (features, rowCount) => {
        calls++;
        if (calls <= 2) throw new Error('onnxruntime session busy (simulated transient fault)');
        return model.score(features, rowCount);
      },
    };
    await fx.startWorker(flaky, 1);
    const { body } = await request(fx.app).post('/v1/batches').send({ rows: [WINE, WINE] }).expect(202);
    await waitForBatch(() => status(body.batchId, body.token));
    expect(await status(body.batchId, body.token)).toMatchObject({ state: 'completed', rows: { done: 2, scored: 2, failed: 0 } });
    expect(calls).toBe(3);
  });

  it('fails an invalid chunk without retrying and reports its rows as failed so the batch completes', async () => {
    const { body } = await request(fx.app).post('/v1/batches').send({ rows: [WINE, WINE, WINE] }).expect(202);
    // Corrupt chunk 1's stored rows before any worker runs.
    await fx.redis.hset(batchKeys(fx.space, body.batchId).input, '1', Buffer.from('not rows'));
    await fx.startWorker();
    await waitForBatch(() => status(body.batchId, body.token));
    const final = await status(body.batchId, body.token);
    expect(final).toMatchObject({ state: 'completed', rows: { done: 3, scored: 2, failed: 1 } });
    expect(final.failedRows[0]).toMatchObject({ row: 2, reason: expect.stringContaining('could not be scored') });
    const failed = await fx.queue.getFailed();
    expect(failed.map((j) => [j.id, j.attemptsMade])).toEqual([[`${body.batchId}.1`, 1]]);
  });
});
