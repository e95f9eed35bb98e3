// Scores the bundled white-wine CSV end to end through the API: 4898 rows in, 4898 scored rows out.

import { createReadStream } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { startTestRedis } from '@mlops/redis/test-redis';
import { startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();

describe.skipIf(!testRedis)('the white-wine file', () => {
  let fx: BatchFixture;
  let server: Server;
  beforeAll(async () => {
    fx = await startBatchFixture(testRedis!.url);
    await fx.startWorker();
    server = fx.app.listen(0);
  });
  afterAll(async () => {
    server.close();
    await fx.close();
  });

  it('streams the upload from disk and returns 4898 scored rows', async () => {
    const { port } = server.address() as { port: number };
    // A real chunked upload straight from the file, as the CLI sends it.
    const submitted = await new Promise<{ batchId: string; token: string }>((resolve, reject) => {
      const req = httpRequest({ port, method: 'POST', path: '/v1/batches', headers: { 'content-type': 'text/csv' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))));
      });
      req.on('error', reject);
      createReadStream(WHITE_WINE_CSV).pipe(req);
    });
    const status = async () => (await request(fx.app).get(`/v1/batches/${submitted.batchId}`).set('batch-token', submitted.token).expect(200)).body;
    await waitForBatch(status);
    expect(await status()).toMatchObject({ state: 'completed', rows: { total: 4898, done: 4898, scored: 4898, failed: 0 }, chunks: { total: 5 } });
    const lines = (await request(fx.app).get(`/v1/batches/${submitted.batchId}/results`).set('batch-token', submitted.token).set('accept', 'application/x-ndjson').expect(200)).text.trim().split('\n');
    expect(lines).toHaveLength(4898);
    const bands = new Set(lines.map((l) => JSON.parse(l).band));
    expect([...bands].every((b) => ['low', 'medium', 'high'].includes(b))).toBe(true);
  });
});
