// Two worker processes score a 100k-row batch; one is killed with SIGKILL midway; every row still appears exactly once.

import { once } from 'node:events';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { readFile } from 'node:fs/promises';
import { startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';
import { spawnWorker, stopWorker, type WorkerProcess } from './fixtures/spawn-worker';

const testRedis = await startTestRedis();
const ROWS = 100_000;

describe.skipIf(!testRedis)('a worker process killed in the middle of a batch', () => {
  let fx: BatchFixture;
  let workers: WorkerProcess[] = [];
  beforeAll(async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 1000 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await fx.close();
  });

  it('loses nothing: the batch completes and every row appears exactly once, in order', async () => {
    const env = { REDIS_URL: testRedis!.url, BATCH_PREFIX: fx.space.prefix, BATCH_QUEUE: fx.space.queueName, SCORE_DELAY_MS: '250', LOCK_MS: '1000', STALLED_MS: '500' };
    workers = await Promise.all([spawnWorker(env), spawnWorker(env)]);

    // 100k rows: the white wines repeated.
    const [header, ...lines] = (await readFile(WHITE_WINE_CSV, 'utf8')).trim().split('\n');
    const body = [header, ...Array.from({ length: ROWS }, (_, i) => lines[i % lines.length])].join('\n');
    const { body: submitted } = await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send(body).expect(202);
    const id: string = submitted.batchId;
    const token: string = submitted.token;
    const status = async () => (await request(fx.app).get(`/v1/batches/${id}`).set('batch-token', token).expect(200)).body;

    // Kill one worker once the upload is in and a fifth of the chunks are done: it holds active chunks then, and
    // 250 ms per chunk on 2 x 2 slots is over 6 s of scoring, far longer than the upload (workers keep pace with the upload, so the
    // count alone could be reached only when the last chunks are being scored).
    await waitForBatch(status, 30_000, (s) => s.state === 'running' && (s as unknown as { chunks: { done: number } }).chunks.done >= 20);
    const victim = workers[0]!;
    victim.child.kill('SIGKILL');
    await once(victim.child, 'exit');
    expect((await status()).state, 'the kill must happen while the batch is still running').toBe('running');

    await waitForBatch(status, 60_000);
    const final = await status();
    expect(final).toMatchObject({ state: 'completed', rows: { total: ROWS, done: ROWS, scored: ROWS, failed: 0 }, chunks: { total: 100, done: 100 } });
    expect(workers[1]!.stalled, 'the surviving worker recovered the chunks the killed one held').toBeGreaterThan(0);

    const res = await request(fx.app).get(`/v1/batches/${id}/results?format=csv`).set('batch-token', token).buffer(true).expect(200);
    const rows = res.text.trim().split('\n').slice(1);
    expect(rows).toHaveLength(ROWS);
    rows.forEach((line, i) => {
      if (!line.startsWith(`${i},${i + 2},`)) throw new Error(`result line ${i + 1} is "${line}", expected row ${i} (file line ${i + 2})`);
    });
    // Its own deadlines (30 s to the kill, 60 s to completion) bound it; the test timeout only backs them up.
  }, 120_000);
});
