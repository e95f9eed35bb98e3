// Steps 4 and 5: retries with backoff, no retries for invalid chunks, stalled-job recovery, with real BullMQ workers.

import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidChunkError } from '@mlops/batch/chunk-errors';
import { createWorkerConnection } from '@mlops/redis';
import { chunkJobOptions, DEFAULT_RETRY_POLICY, stalledJobOptions, toJobError } from '@lab/retry-policy';
import { openSpace, testRedis, type LabSpace } from './fixtures';

describe('step 4: chunkJobOptions and toJobError', () => {
  it('retries with exponential backoff and jitter', () => {
    const options = chunkJobOptions({ ...DEFAULT_RETRY_POLICY, attempts: 4, backoffDelayMs: 250, jitter: 0.3 });
    expect(options.attempts, 'set attempts from the policy').toBe(4);
    expect(options.backoff, 'use { type: "exponential", delay, jitter } so retries spread out').toEqual({ type: 'exponential', delay: 250, jitter: 0.3 });
  });

  it('keeps a bounded number of finished jobs instead of all of them (or none)', () => {
    const options = chunkJobOptions({ ...DEFAULT_RETRY_POLICY, keepCompleted: 10, keepFailed: 20, keepFailedSeconds: 3600 });
    expect(options.removeOnComplete, 'removeOnComplete: { count } keeps the last N completed jobs').toEqual({ count: 10 });
    expect(options.removeOnFail, 'removeOnFail: { count, age } keeps failed jobs for inspection, but not forever').toEqual({ count: 20, age: 3600 });
  });

  it('turns an invalid chunk into an UnrecoverableError and leaves other errors alone', () => {
    const invalid = toJobError(new InvalidChunkError('chunk 3 has no input rows'));
    expect(invalid, 'BullMQ only skips the remaining attempts for an UnrecoverableError').toBeInstanceOf(UnrecoverableError);
    expect(invalid.message).toBe('chunk 3 has no input rows');
    const transient = new Error('ECONNRESET');
    expect(toJobError(transient), 'return other errors unchanged so BullMQ retries them').toBe(transient);
  });
});

describe('step 5: stalledJobOptions', () => {
  it('maps the settings to BullMQ worker options', () => {
    expect(stalledJobOptions({ lockDurationMs: 5000, stalledIntervalMs: 2000, maxStalledCount: 3 })).toEqual({ lockDuration: 5000, stalledInterval: 2000, maxStalledCount: 3 });
  });
});

describe.skipIf(!testRedis)('steps 4 and 5 with a real queue', () => {
  let s: LabSpace;
  const workers: Worker[] = [];
  beforeEach(async () => {
    s = await openSpace();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.close(true);
    await s.close();
  });
  const startWorker = (processor: (job: Job) => Promise<unknown>, extra: object = {}) => {
    const w = new Worker(s.space.queueName, processor, { connection: createWorkerConnection(testRedis!.url), prefix: s.prefix, ...extra });
    w.on('error', () => {});
    workers.push(w);
    return w;
  };
  const jobOptions = () => chunkJobOptions({ ...DEFAULT_RETRY_POLICY, attempts: 3, backoffDelayMs: 10 });

  it('step 4: a transient fault is retried, an invalid chunk fails after one attempt', async () => {
    let tries = 0;
    startWorker(async (job) => {
      if (job.name === 'invalid') throw toJobError(new InvalidChunkError('corrupt rows'));
      if (++tries < 3) throw toJobError(new Error('temporary'));
      return 'ok';
    });
    const flaky = await s.queue.add('flaky', { batchId: 'b', chunkIndex: 0, firstRow: 0, rowCount: 1 }, jobOptions());
    const invalid = await s.queue.add('invalid', { batchId: 'b', chunkIndex: 1, firstRow: 1, rowCount: 1 }, jobOptions());
    await until(async () => (await flaky.getState()) === 'completed' && (await invalid.getState()) === 'failed');
    expect(tries, 'the flaky job should succeed on its third attempt').toBe(3);
    expect((await s.queue.getJob(invalid.id!))!.attemptsMade, 'an invalid chunk must not be retried').toBe(1);
  });

  it('step 5: a job whose worker died is taken over by another worker', async () => {
    const job = await s.queue.add('score-chunk', { batchId: 'b', chunkIndex: 0, firstRow: 0, rowCount: 1 }, jobOptions());
    const settings = stalledJobOptions({ lockDurationMs: 600, stalledIntervalMs: 300, maxStalledCount: 2 });
    // This worker takes the job and "dies": it never finishes and stops renewing its lock.
    const dying = startWorker(() => new Promise(() => {}), settings);
    await until(async () => (await job.getState()) === 'active');
    await dying.close(true);
    startWorker(async () => 'rescued', settings);
    await until(async () => (await job.getState()) === 'completed', 10_000);
    expect((await s.queue.getJob(job.id!))!.returnvalue).toBe('rescued');
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out: is the worker configured with your options?');
    await new Promise((r) => setTimeout(r, 30));
  }
}
