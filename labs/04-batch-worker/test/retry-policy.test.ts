// Steps 4 and 5: retries with backoff, no retries for invalid chunks, stalled-job recovery, with real BullMQ workers.

import { once } from 'node:events';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidChunkError } from '@mlops/batch/errors';
import { chunkJobOptions, DEFAULT_RETRY_POLICY, stalledJobOptions, toJobError } from '@lab/retry-policy';
import { openSpace, testRedis, type LabSpace } from './fixtures';

describe('step 4: chunkJobOptions and toJobError', () => {
  it('retries with exponential backoff and jitter', () => {
    const options = chunkJobOptions({ ...DEFAULT_RETRY_POLICY, attempts: 4, backoffDelayMs: 250, jitter: 0.3 });
    expect(options.attempts, 'attempts counts the first try too: set it to policy.attempts as is').toBe(4);
    expect(options.backoff, 'use { type: "exponential", delay, jitter }; BullMQ takes the delay in milliseconds, like backoffDelayMs').toEqual({
      type: 'exponential',
      delay: 250,
      jitter: 0.3,
    });
  });

  it('keeps a bounded number of finished jobs instead of all of them (or none)', () => {
    const options = chunkJobOptions({ ...DEFAULT_RETRY_POLICY, keepCompleted: 10, keepFailed: 20, keepFailedSeconds: 3600 });
    expect(options.removeOnComplete, 'removeOnComplete: { count } keeps the last N completed jobs').toEqual({ count: 10 });
    expect(options.removeOnFail, 'removeOnFail: { count, age } keeps failed jobs for inspection, but not forever; BullMQ takes age in seconds').toEqual({
      count: 20,
      age: 3600,
    });
  });

  it('turns an invalid chunk into an UnrecoverableError and leaves other errors alone', () => {
    const invalid = toJobError(new InvalidChunkError('chunk 3 has no input rows'));
    expect(invalid, 'BullMQ only skips the remaining attempts for an UnrecoverableError').toBeInstanceOf(UnrecoverableError);
    expect(invalid.message, "keep the invalid chunk's message: it becomes the job's failedReason").toBe('chunk 3 has no input rows');
    const transient = new Error('ECONNRESET');
    expect(toJobError(transient), 'return other errors unchanged so BullMQ retries them').toBe(transient);
  });

  it('turns a thrown non-Error into an Error with its text', () => {
    const error = toJobError('socket hang up');
    expect(error, 'return an Error for anything thrown that is not one (new Error(String(error)))').toBeInstanceOf(Error);
    expect(error, 'a thrown string is a transient fault too: no UnrecoverableError').not.toBeInstanceOf(UnrecoverableError);
    expect(error.message).toBe('socket hang up');
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
    const w = new Worker(s.space.queueName, processor, { connection: s.workerConnection(), prefix: s.prefix, ...extra });
    w.on('error', () => {});
    workers.push(w);
    return w;
  };
  const jobOptions = () => chunkJobOptions({ ...DEFAULT_RETRY_POLICY, attempts: 3, backoffDelayMs: 10 });
  const data = (chunkIndex: number) => ({ batchId: 'b', chunkIndex, firstRow: chunkIndex, rowCount: 1 });

  it('step 4: a transient fault is retried until the last attempt, an invalid chunk fails after one', async () => {
    const events = await s.events();
    const tries = new Map<string, number>();
    startWorker(async (job) => {
      const attempt = (tries.get(job.name) ?? 0) + 1;
      tries.set(job.name, attempt);
      if (job.name === 'invalid') throw toJobError(new InvalidChunkError('corrupt rows'));
      if (job.name === 'always-down' || attempt < 3) throw toJobError(new Error('temporary'));
      return 'ok';
    });
    const flaky = await s.queue.add('flaky', data(0), jobOptions());
    const down = await s.queue.add('always-down', data(1), jobOptions());
    const invalid = await s.queue.add('invalid', data(2), jobOptions());
    const timeout = 8000; // with backoffDelayMs 10: a few tens of ms, unless the delay is taken as seconds
    expect(await flaky.waitUntilFinished(events, timeout), 'a job that fails twice completes on its third attempt (attempts: 3)').toBe('ok');
    await expect(down.waitUntilFinished(events, timeout), 'a job that always fails transiently fails for good after its attempts').rejects.toThrow('temporary');
    await expect(invalid.waitUntilFinished(events, timeout), 'an invalid chunk fails at once').rejects.toThrow('corrupt rows');
    expect(tries.get('always-down'), 'attempts: 3 means 3 tries in all, the first included').toBe(3);
    expect((await s.queue.getJob(invalid.id!))!.attemptsMade, 'an invalid chunk must not be retried: throw an UnrecoverableError').toBe(1);
  });

  it('step 5: a job whose worker died is taken over by another worker', async () => {
    const events = await s.events();
    const job = await s.queue.add('score-chunk', data(0), jobOptions());
    const settings = stalledJobOptions({ lockDurationMs: 600, stalledIntervalMs: 300, maxStalledCount: 2 });
    // This worker takes the job and "dies": it never finishes and stops renewing its lock.
    const dying = startWorker(() => new Promise(() => {}), settings);
    await once(dying, 'active');
    await dying.close(true);
    const rescuer = startWorker(async () => 'rescued', settings);
    const stalled = once(rescuer, 'stalled');
    expect(await job.waitUntilFinished(events, 10_000), 'the second worker finds the stalled job (stalledInterval) once its lock expired (lockDuration)').toBe('rescued');
    expect((await stalled)[0], 'the job was recovered as stalled').toBe(job.id);
  });
});
