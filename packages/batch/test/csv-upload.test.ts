// CSV uploads read by an RFC 4180 parser: quoted commas and newlines, and a bounded record size (issue 12, items 1 and 8).

import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { startBatchFixture, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();

const WINE = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4';
const HEADER = 'name,fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol';

/** Posts `body` (a stream, never held whole) to the app on a real socket; resolves with the status and body text. */
async function postStream(app: BatchFixture['app'], body: Readable, contentType = 'text/csv'): Promise<{ status: number; text: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batches', headers: { 'content-type': contentType } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (piece: string) => (text += piece));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      body.pipe(req);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A header, one wine, then one line of `bytes` bytes with no newline, generated piece by piece. */
function longLineUpload(bytes: number): Readable {
  const piece = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(`${HEADER}\nfirst,${WINE}\n`);
        return;
      }
      if (sent >= bytes) return void this.push(null);
      sent += piece.length;
      this.push(piece);
    },
  });
}

describe.skipIf(!testRedis)('CSV uploads', () => {
  let fx: BatchFixture;
  beforeEach(async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 2 });
  });
  afterEach(async () => fx.close());

  const status = async (id: string, token: string) => (await request(fx.app).get(`/v1/batches/${id}`).set('batch-token', token).expect(200)).body;

  it('reads quoted fields with commas and newlines as one record each, with the line each record starts on', async () => {
    await fx.startWorker();
    const csv = [HEADER, `"Wine, red",${WINE}`, `"two-line\nname",${WINE}`, `"say ""hi""",${WINE}`, `plain,${WINE}`].join('\r\n');
    const { body } = await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send(csv).expect(202);
    expect(body.rows.total).toBe(4);
    await waitForBatch(() => status(body.batchId, body.token));
    expect(await status(body.batchId, body.token)).toMatchObject({ state: 'completed', rows: { done: 4, scored: 4, failed: 0 } });
    const out = (await request(fx.app).get(`/v1/batches/${body.batchId}/results?format=jsonl`).set('batch-token', body.token).expect(200)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((r) => [r.row, r.line])).toEqual([[0, 2], [1, 3], [2, 5], [3, 6]]);
  });

  it('answers 200 to a CSV resubmitted with its id and token, and takes the next upload on the same ingest thread', async () => {
    const token = 'csv-resubmit-token-0123456789abcdefghijklmnop';
    const csv = `${HEADER}\n${Array.from({ length: 500 }, (_, i) => `w${i},${WINE}`).join('\n')}\n`;
    const post = () => request(fx.app).post('/v1/batches').set('batch-id', 'csv-again').set('batch-token', token).set('content-type', 'text/csv').send(csv);
    expect((await post().expect(202)).body.rows.total).toBe(500);
    expect((await post().expect(200)).body).toMatchObject({ duplicate: true, rows: { total: 500 } });
    await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send(csv).expect(202);
    expect(await fx.queue.getJobCounts('waiting')).toMatchObject({ waiting: 500 });
  });

  it('answers 413 for a line over the record limit, without holding the line in memory', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const res = await postStream(fx.app, longLineUpload(128 * 1024 * 1024)).finally(() => clearInterval(sampler));
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(res.status, res.text.slice(0, 300)).toBe(413);
    expect(JSON.parse(res.text).error).toMatch(/the record at line 3 is longer than 65536 characters/);
    // The 128 MB line would take 128-256 MB as a string; bounded reading stays far below.
    expect(peak - before, `RSS grew by ${Math.round((peak - before) / 2 ** 20)} MB`).toBeLessThan(48 * 2 ** 20);
  });

  it('answers 413 for an over-long line in a multipart upload, and honours a smaller configured limit', async () => {
    await fx.close();
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 2, maxCsvRecordSize: 1000 });
    const csv = `${HEADER}\nfirst,${WINE}\n${'y'.repeat(5000)},${WINE}\n`;
    const res = await request(fx.app).post('/v1/batches').attach('file', Buffer.from(csv), 'wines.csv').expect(413);
    expect(res.body.error).toContain('longer than 1000 characters');
    const fine = await request(fx.app).post('/v1/batches').attach('file', Buffer.from(`${HEADER}\n${'z'.repeat(900)},${WINE}\n`), 'ok.csv').expect(202);
    expect(fine.body.rows.total).toBe(1);
  });
});
