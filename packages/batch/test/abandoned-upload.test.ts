// Uploads whose uploader goes away do not stay `receiving`: a client abort fails the batch at once, a killed API's lease lapses (issue 12, item 2).

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { ABANDONED_UPLOAD_REASON, batchKeys, claimBatch, hashBatchToken, readBatchMeta, startUploadSweeper, type ChunkOutcome, type RowScorer, type UploadSweeper } from '../src/index';
import { sharedModel, startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();
const API_SCRIPT = fileURLToPath(new URL('./fixtures/api-process.ts', import.meta.url));
const HEADER = 'fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol';
const WINE = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4';
const TOKEN = 'abandoned-upload-test-token-0123456789abcdef';
const rows = (n: number) => `${Array.from({ length: n }, () => WINE).join('\n')}\n`;

/** Starts a CSV upload to `port` that stays open: the caller writes more rows or breaks it off. */
function openUpload(port: number, batchId: string): { req: ClientRequest; response: Promise<number> } {
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batches', headers: { 'content-type': 'text/csv', 'batch-id': batchId, 'batch-token': TOKEN } });
  const response = new Promise<number>((resolve) => {
    req.once('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.once('error', () => resolve(0));
  });
  req.write(`${HEADER}\n`);
  return { req, response };
}

/** Resolves once `batchId` is receiving with at least `chunks` chunk jobs queued (no worker runs yet). */
async function untilChunksQueued(fx: BatchFixture, batchId: string, chunks: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await readBatchMeta(fx.redis, fx.space, batchId))?.state !== 'receiving' || (await fx.queue.getWaitingCount()) < chunks) {
    if (Date.now() > deadline) throw new Error(`batch ${batchId} did not queue ${chunks} chunks within 20 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!testRedis)('abandoned uploads', () => {
  let fx: BatchFixture;
  let api: ChildProcess | undefined;
  afterEach(async () => {
    if (api && api.exitCode === null && api.signalCode === null) {
      api.kill('SIGKILL');
      await once(api, 'exit');
    }
    await fx.close();
  });

  const status = async (id: string) => (await request(fx.app).get(`/v1/batches/${id}`).set('batch-token', TOKEN).expect(200)).body;

  it('fails the batch at once when the client breaks off its upload, and takes the same id again', async () => {
    // A lease far longer than the test: only the abort can fail the batch this fast.
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 1000, uploadLeaseMs: 60_000 });
    const server = fx.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const upload = openUpload((server.address() as AddressInfo).port, 'aborted-1');
      upload.req.write(rows(9000));
      await untilChunksQueued(fx, 'aborted-1', 8);
      const brokenOff = Date.now();
      upload.req.destroy();
      await waitForBatch(() => status('aborted-1'), 5000);
      expect(Date.now() - brokenOff, 'failed at once, not after the lease').toBeLessThan(2000);
      const failed = await status('aborted-1');
      expect(failed).toMatchObject({ state: 'failed', error: expect.stringContaining('the upload\'s connection closed after') });
      expect(await fx.redis.exists(batchKeys(fx.space, 'aborted-1').input), 'its pending rows are deleted').toBe(0);

      await fx.startWorker();
      const again = await request(fx.app).post('/v1/batches').set('batch-id', 'aborted-1').set('batch-token', TOKEN).set('content-type', 'text/csv').send(`${HEADER}\n${rows(1500)}`);
      expect(again.status, again.text).toBe(202);
      expect(again.body).toMatchObject({ duplicate: false, rows: { total: 1500 } });
      await waitForBatch(() => status('aborted-1'));
      expect(await status('aborted-1')).toMatchObject({ state: 'completed', rows: { total: 1500, done: 1500, scored: 1500 } });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('fails the batch of an API stopped by SIGTERM while an upload outlasts its drain timeout, within seconds', async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 1000 });
    api = spawn(process.execPath, ['--import', 'tsx', API_SCRIPT], {
      env: { ...process.env, REDIS_URL: testRedis!.url, BATCH_PREFIX: fx.space.prefix, BATCH_QUEUE: fx.space.queueName, LEASE_MS: '1000', DRAIN_MS: '200' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(api.stdout!, 'data')) as [Buffer];
    const upload = openUpload(Number(/listening (\d+)/.exec(line.toString())![1]), 'deploy-1');
    upload.req.write(rows(9000));
    await untilChunksQueued(fx, 'deploy-1', 8);
    const stopped = Date.now();
    api.kill('SIGTERM');
    await once(api, 'exit');
    // Failed by the API as it closed the connection, or else by a sweep once the lease lapsed.
    let sweeper: UploadSweeper | undefined;
    const swept = new Promise<void>((resolve) => (sweeper = startUploadSweeper(fx.redis, fx.space, 100, (ids) => ids.includes('deploy-1') && resolve())));
    while ((await readBatchMeta(fx.redis, fx.space, 'deploy-1'))?.state === 'receiving') await Promise.race([swept, new Promise((r) => setTimeout(r, 20))]);
    sweeper!.stop();
    expect(Date.now() - stopped, 'failed within the drain, the lease and a sweep').toBeLessThan(200 + 1000 + 1500);
    expect(await status('deploy-1')).toMatchObject({ state: 'failed', error: expect.stringMatching(/connection closed after \d+ rows|the server receiving it went away/) });
    upload.req.destroy();
  });

  it('fails the batch of an API killed mid-upload within seconds, skips its queued chunks, and takes the same id again', async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 1000 });
    const leaseMs = 1000;
    api = spawn(process.execPath, ['--import', 'tsx', API_SCRIPT], {
      env: { ...process.env, REDIS_URL: testRedis!.url, BATCH_PREFIX: fx.space.prefix, BATCH_QUEUE: fx.space.queueName, LEASE_MS: String(leaseMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(api.stdout!, 'data')) as [Buffer];
    const port = Number(/listening (\d+)/.exec(line.toString())![1]);
    const upload = openUpload(port, 'killed-1');
    upload.req.write(rows(17_000));
    await untilChunksQueued(fx, 'killed-1', 16);

    const killed = Date.now();
    api.kill('SIGKILL');
    await once(api, 'exit');
    expect((await readBatchMeta(fx.redis, fx.space, 'killed-1'))?.state).toBe('receiving');
    // The workers' sweep (the same function startBatchWorker runs every second) fails it once the lease lapses.
    let sweeper: UploadSweeper | undefined;
    await new Promise<void>((resolve) => (sweeper = startUploadSweeper(fx.redis, fx.space, 100, (ids) => ids.includes('killed-1') && resolve())));
    sweeper!.stop();
    expect(Date.now() - killed, 'failed within the lease and a sweep').toBeLessThan(leaseMs + 1500);
    expect(await status('killed-1')).toMatchObject({ state: 'failed', error: ABANDONED_UPLOAD_REASON });
    expect(await upload.response).toBe(0);

    // Its 16 queued chunks are skipped, none scored.
    let scoredRows = 0;
    const model = await sharedModel();
    const counting: RowScorer = { score: (features, n) => ((scoredRows += n), model.score(features, n)) };
    const { worker } = await fx.startWorker(counting, 2);
    const outcomes: ChunkOutcome[] = [];
    await new Promise<void>((resolve) => worker.on('completed', (_job, outcome) => outcomes.push(outcome) === 16 && resolve()));
    expect(outcomes.every((o) => o.status === 'batch-failed')).toBe(true);
    expect(scoredRows).toBe(0);

    const again = await request(fx.app).post('/v1/batches').set('batch-id', 'killed-1').set('batch-token', TOKEN).set('content-type', 'text/csv').send(`${HEADER}\n${rows(2500)}`).expect(202);
    expect(again.body).toMatchObject({ duplicate: false, rows: { total: 2500 }, chunks: { total: 3 } });
    await waitForBatch(() => status('killed-1'));
    expect(await status('killed-1')).toMatchObject({ state: 'completed', rows: { total: 2500, done: 2500, scored: 2500 } });
    expect(scoredRows).toBe(2500);
  }, 30_000);

  it('has a worker fail an abandoned upload by itself, and a status read fails it before any sweep', async () => {
    fx = await startBatchFixture(testRedis!.url);
    const init = { source: 'csv', chunkSize: 10, ttlSeconds: 60, ownerHash: hashBatchToken(TOKEN), lease: { uploadId: 'gone', ms: 50 } };
    await claimBatch(fx.redis, fx.space, 'by-worker', init);
    await claimBatch(fx.redis, fx.space, 'by-read', init);
    // Nobody renews the 50 ms leases.
    while ((await fx.redis.exists(batchKeys(fx.space, 'by-read').lease)) === 1) await new Promise((r) => setTimeout(r, 10));
    expect(await status('by-read')).toMatchObject({ state: 'failed', error: ABANDONED_UPLOAD_REASON });
    await fx.startWorker();
    // Polls Redis, not the route: a status read would fail it by itself.
    await waitForBatch(async () => ({ state: (await readBatchMeta(fx.redis, fx.space, 'by-worker'))!.state, percent: null }), 5000);
    expect((await readBatchMeta(fx.redis, fx.space, 'by-worker'))?.error).toBe(ABANDONED_UPLOAD_REASON);
  });

  it('takes a failed id again even when its uploader queued chunks after its lease lapsed', async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 2 });
    const init = { source: 'csv', chunkSize: 2, ttlSeconds: 60, ownerHash: hashBatchToken(TOKEN), lease: { uploadId: 'cut-off', ms: 50 } };
    await claimBatch(fx.redis, fx.space, 'late', init);
    while ((await fx.redis.exists(batchKeys(fx.space, 'late').lease)) === 1) await new Promise((r) => setTimeout(r, 10));
    expect(await status('late')).toMatchObject({ state: 'failed' });
    // Jobs its uploader added after the sweep recorded how many chunks it had (none then).
    await fx.queue.addBulk([0, 1, 2].map((i) => ({ name: 'score-chunk', data: { batchId: 'late', chunkIndex: i, firstRow: 2 * i, rowCount: 2 }, opts: { jobId: `late.${i}` } })));
    const again = await request(fx.app).post('/v1/batches').set('batch-id', 'late').set('batch-token', TOKEN).send({ rows: [WINE.split(',').map(Number)] }).expect(202);
    expect(again.body).toMatchObject({ duplicate: false, rows: { total: 1 }, chunks: { total: 1 } });
    expect((await fx.queue.getJob('late.0'))?.data.rowCount, 'the new chunk, not the old job').toBe(1);
    expect(await fx.queue.getJob('late.1')).toBeUndefined();
    expect(await fx.queue.getJob('late.2')).toBeUndefined();
  });
});
