// The batch routes end to end: submit JSON and CSV, chunking, row order, bad lines, idempotent ids, cancel.

import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis } from '@mlops/redis/test-redis';
import { startBatchFixture, sharedModel, waitForBatch, type BatchFixture } from './fixtures/batch-fixture';

const testRedis = await startTestRedis();

const WINES = [
  [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4],
  [7.8, 0.88, 0, 2.6, 0.098, 25, 67, 0.9968, 3.2, 0.68, 9.8],
  [11.2, 0.28, 0.56, 1.9, 0.075, 17, 60, 0.998, 3.16, 0.58, 9.8],
  [7, 0.27, 0.36, 20.7, 0.045, 45, 170, 1.001, 3, 0.45, 8.8],
  [6.3, 0.3, 0.34, 1.6, 0.049, 14, 132, 0.994, 3.3, 0.49, 9.5],
];
const HEADER = 'fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol,quality';

describe.skipIf(!testRedis)('the batch API', () => {
  let fx: BatchFixture;
  beforeEach(async () => {
    fx = await startBatchFixture(testRedis!.url, { chunkSize: 3 });
  });
  afterEach(async () => fx.close());

  const status = async (id: string, token: string) => (await request(fx.app).get(`/v1/batches/${id}`).set('batch-token', token).expect(200)).body;

  it('splits JSON rows into chunks and returns every result in the original row order', async () => {
    await fx.startWorker();
    const rows = Array.from({ length: 10 }, (_, i) => WINES[i % WINES.length]!);
    const submitted = await request(fx.app).post('/v1/batches').send({ rows }).expect(202);
    expect(submitted.body).toMatchObject({ rows: { total: 10 }, chunks: { total: 4 }, duplicate: false });
    expect(submitted.headers.location).toBe(`/v1/batches/${submitted.body.batchId}`);
    await waitForBatch(() => status(submitted.body.batchId, submitted.body.token));
    expect(await status(submitted.body.batchId, submitted.body.token)).toMatchObject({ state: 'completed', percent: 100, rows: { total: 10, done: 10, scored: 10, failed: 0 } });

    const res = await request(fx.app).get(`/v1/batches/${submitted.body.batchId}/results?format=jsonl`).set('batch-token', submitted.body.token).expect(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const model = await sharedModel();
    const expected = await model.score(new Float32Array(rows.flat()), rows.length);
    lines.forEach((line, i) => {
      expect(line.probabilities.low).toBeCloseTo(expected[i * 3]!, 5);
      expect(line.probabilities.high).toBeCloseTo(expected[i * 3 + 2]!, 5);
    });
  });

  it('accepts named features and reports rows with missing or implausible values without failing the batch', async () => {
    await fx.startWorker();
    const named = Object.fromEntries(
      ['fixedAcidity', 'volatileAcidity', 'citricAcid', 'residualSugar', 'chlorides', 'freeSulfurDioxide', 'totalSulfurDioxide', 'density', 'pH', 'sulphates', 'alcohol'].map((k, i) => [k, WINES[0]![i]]),
    );
    const rows = [named, { ...named, pH: 'acidic' }, [...WINES[1]!.slice(0, 8), 40, 0.5, 10], WINES[2]];
    const { body } = await request(fx.app).post('/v1/batches').send({ rows }).expect(202);
    await waitForBatch(() => status(body.batchId, body.token));
    const final = await status(body.batchId, body.token);
    expect(final).toMatchObject({ state: 'completed', rows: { total: 4, done: 4, scored: 2, failed: 2 } });
    expect(final.failedRows).toEqual([
      { row: 1, reason: '"pH" is "acidic", not a number' },
      { row: 2, reason: expect.stringContaining('"pH" is 40, outside the plausible range [2, 5]') },
    ]);
  });

  it('completes a CSV with malformed lines for the good rows and lists the bad ones by line number', async () => {
    await fx.startWorker();
    const csv = [HEADER, `${WINES[0]!.join(',')},5`, '7.1,0.5,oops,1,0.05,10,30,0.99,3.3,0.6,10,5', '', `${WINES[1]!.join(',')},6`, '1,2,3', `${WINES[2]!.join(',')},7`].join('\n');
    const { body } = await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send(csv).expect(202);
    expect(body.rows.total).toBe(5);
    await waitForBatch(() => status(body.batchId, body.token));
    const final = await status(body.batchId, body.token);
    expect(final).toMatchObject({ state: 'completed', rows: { done: 5, scored: 3, failed: 2 } });
    expect(final.failedRows).toEqual([
      { row: 1, line: 3, reason: 'column "citric acid": "oops" is not a number' },
      { row: 3, line: 6, reason: 'expected 12 cells like the header, found 3' },
    ]);
    const csvOut = (await request(fx.app).get(`/v1/batches/${body.batchId}/results`).set('batch-token', body.token).expect(200)).text.trim().split('\n');
    expect(csvOut[0]).toBe('row,line,quality_band,p_low,p_medium,p_high,error');
    expect(csvOut.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0,2', '1,3', '2,5', '3,6', '4,7']);
    expect(csvOut[2]).toContain('"column ""citric acid"": ""oops"" is not a number"');
    expect(csvOut[3]).toMatch(/^2,5,(low|medium|high),0\.\d+/);
  });

  it('takes a CSV file from a multipart form, with the batch id in a field', async () => {
    await fx.startWorker();
    const csv = [HEADER, ...WINES.map((w) => `${w.join(',')},6`)].join('\n');
    const res = await request(fx.app).post('/v1/batches').field('batchId', 'form-batch-1').attach('file', Buffer.from(csv), 'wines.csv').expect(202);
    expect(res.body).toMatchObject({ batchId: 'form-batch-1', rows: { total: 5 } });
    await waitForBatch(() => status('form-batch-1', res.body.token));
  });

  it('treats a resubmitted batch id as the same batch and enqueues its chunks once', async () => {
    const rows = WINES;
    // The client chooses its token too, so a retry whose first answer was lost proves it is the same submitter.
    const token = 'nightly-token-0123456789abcdefghijklmnopqrstuvwxyz';
    const first = await request(fx.app).post('/v1/batches').set('batch-id', 'nightly-2024-06-01').set('batch-token', token).send({ rows }).expect(202);
    const again = await request(fx.app).post('/v1/batches').set('batch-id', 'nightly-2024-06-01').set('batch-token', token).send({ rows }).expect(200);
    expect(first.headers['batch-token']).toBe(token);
    expect(first.body.batchId).toBe('nightly-2024-06-01');
    expect(again.body).toMatchObject({ batchId: 'nightly-2024-06-01', duplicate: true });
    expect(await fx.queue.getJobCounts('waiting')).toMatchObject({ waiting: 2 });
    await fx.startWorker();
    await waitForBatch(() => status('nightly-2024-06-01', token));
    expect(await status('nightly-2024-06-01', token)).toMatchObject({ state: 'completed', rows: { done: 5, scored: 5 } });
  });

  it('answers 409 for results of an unfinished batch and cancels it on DELETE', async () => {
    const { body } = await request(fx.app).post('/v1/batches').send({ rows: WINES }).expect(202);
    const early = await request(fx.app).get(`/v1/batches/${body.batchId}/results`).set('batch-token', body.token).expect(409);
    expect(early.body.error).toContain('poll GET');
    const cancelled = await request(fx.app).delete(`/v1/batches/${body.batchId}`).set('batch-token', body.token).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    const { worker } = await fx.startWorker();
    const outcomes = await new Promise<unknown[]>((resolve) => {
      const seen: unknown[] = [];
      worker.on('completed', (_job, outcome) => seen.push(outcome) === 2 && resolve(seen));
    });
    expect(outcomes, 'the worker skips both chunks of the cancelled batch').toEqual([
      { status: 'cancelled', scored: 0, failed: 0 },
      { status: 'cancelled', scored: 0, failed: 0 },
    ]);
    expect((await status(body.batchId, body.token)).rows.done).toBe(0);
  });

  it('explains what to fix for bad uploads and unknown batches', async () => {
    const noRows = await request(fx.app).post('/v1/batches').send({ wines: [] }).expect(400);
    expect(noRows.body.error).toContain('{"rows": [...]}');
    const badHeader = await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send('a,b,c\n1,2,3').expect(400);
    expect(badHeader.body.error).toContain('"fixed acidity"');
    const empty = await request(fx.app).post('/v1/batches').set('content-type', 'text/csv').send(`${HEADER}\n`).expect(400);
    expect(empty.body.error).toContain('no data rows');
    await request(fx.app).post('/v1/batches').set('content-type', 'application/xml').send('<rows/>').expect(415);
    // text/plain is what a cross-site page can post without a preflight: refused, saying what to send.
    const plain = await request(fx.app).post('/v1/batches').set('content-type', 'text/plain').send(`${HEADER}\n${WINES[0]!.join(',')},5`).expect(415);
    expect(plain.body.error).toBe('send JSON (application/json), a CSV body (text/csv) or a multipart form with a CSV file; text/plain is not accepted');
    await request(fx.app).post('/v1/batches').set('content-type', 'application/json').send('{"rows": [').expect(400);
    const badId = await request(fx.app).post('/v1/batches').set('batch-id', 'a:b').send({ rows: WINES }).expect(400);
    expect(badId.body.error).toContain('letters, digits');
    expect((await request(fx.app).get('/v1/batches/nope').expect(404)).body.error).toContain('no batch "nope"');
    await request(fx.app).get('/v1/batches/nope/results?format=xml').expect(400);
  });

  it('answers 413 for a JSON body over the 10 MB default, pointing to a CSV upload', async () => {
    const row = JSON.stringify(WINES[0]);
    const body = `{"rows":[${Array.from({ length: Math.ceil((10.5 * 1024 * 1024) / (row.length + 1)) }, () => row).join(',')}]}`;
    const res = await request(fx.app).post('/v1/batches').set('content-type', 'application/json').send(body).expect(413);
    expect(res.body.error).toBe('the JSON body is larger than 10mb; use a CSV upload for bigger batches (text/csv body or multipart form: it is streamed, with no size limit)');
  });
});
