// A retrainer process killed in the middle of a retraining loses no job: its lock expires, another retrainer
// takes the job over (BullMQ stalled recovery) and finishes it.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueEvents } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY } from '@mlops/model-store';
import { createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { createRetrainQueue, enqueueRetrain, retrainJobId, startRetrainWorker, type RetrainOutcome, type RetrainProgress, type RetrainWorker } from '@mlops/retraining';

const testRedis = await startTestRedis();
const APP = fileURLToPath(new URL('..', import.meta.url));

/**
 * Resolves when `check` is true after an event, or rejects at the deadline with `what`. The deadline is a backstop
 * for a hang, not a speed check: a child process that loads TensorFlow.js on a loaded 2-core machine is slow to start.
 */
function waitFor(emitter: { on(event: string, fn: (...args: never[]) => void): unknown }, event: string, check: (...args: never[]) => boolean, what: string, ms = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
    emitter.on(event, (...args: never[]) => {
      if (!check(...args)) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe.skipIf(!testRedis)('the retrainer process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  it('loses no retraining when killed mid-training: another retrainer takes the job over and finishes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'retrainer-test-'));
    const repository = join(dir, 'models');
    await cp(join(DEFAULT_MODEL_REPOSITORY, 'wine-quality'), join(repository, 'wine-quality'), { recursive: true });
    const space = { queueName: 'retraining', prefix: uniquePrefix() };
    const connection = createWorkerConnection(testRedis!.url);
    const eventsConnection = createWorkerConnection(testRedis!.url);
    const queue = createRetrainQueue(connection, space);
    const events = new QueueEvents(space.queueName, { connection: eventsConnection, prefix: space.prefix });
    cleanups.push(async () => {
      await events.close();
      await queue.close();
      await deleteKeysWithPrefix(connection, space.prefix);
      connection.disconnect();
      eventsConnection.disconnect();
      await rm(dir, { recursive: true, force: true });
    });
    await events.waitUntilReady();

    // The first retrainer trains long (no early stopping) and holds a short lock, so its death is noticed fast;
    // not shorter than a few seconds: training on a loaded 2-core machine can hold the event loop past a 1 s lock,
    // and the live process's own stall check would then take the job back before it is killed.
    let output = '';
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: APP,
      env: {
        ...process.env,
        REDIS_URL: testRedis!.url,
        MODEL_REPOSITORY: repository,
        RETRAIN_QUEUE: space.queueName,
        RETRAIN_PREFIX: space.prefix,
        RETRAIN_EPOCHS: '500',
        RETRAIN_PATIENCE: '500',
        LOCK_DURATION_MS: '4000',
        STALLED_INTERVAL_MS: '1000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });

    const jobId = retrainJobId({ kind: 'manual', idempotencyKey: 'kill-test' }, 'wine-quality');
    const training = waitFor(events, 'progress', ({ jobId: id, data }: { jobId: string; data: RetrainProgress }) => id === jobId && data.stage === 'training' && data.epoch >= 1, 'the first epoch in the first retrainer');
    await enqueueRetrain(queue, { model: 'wine-quality', trigger: { kind: 'manual', requestedBy: 'test', reason: 'kill test' }, requestedAt: new Date().toISOString() }, jobId);
    await training.catch((error: Error) => {
      throw new Error(`${error.message}; its output:\n${output}`);
    });
    expect(await (await queue.getJob(jobId))!.getState()).toBe('active');
    child.kill('SIGKILL');
    await once(child, 'exit');

    // A second retrainer (in this process, 2 epochs) finds the stalled job and runs it to the end.
    const secondConnection = createWorkerConnection(testRedis!.url);
    const second: RetrainWorker = startRetrainWorker({
      connection: secondConnection,
      space,
      repository,
      data: { reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] },
      training: { epochs: 2 },
      stalled: { lockDurationMs: 4000, stalledIntervalMs: 1000, maxStalledCount: 2 },
    });
    cleanups.push(async () => {
      await second.close(5000);
      secondConnection.disconnect();
    });
    const stalled = waitFor(second.worker, 'stalled', (id: string) => id === jobId, 'the stalled job being noticed');
    const completed = waitFor(second.worker, 'completed', (job: { id?: string }) => job.id === jobId, 'the job completing in the second retrainer');
    await stalled;
    await completed;
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('completed');
    const outcome = job.returnvalue as RetrainOutcome;
    expect(outcome.epochsRun).toBe(2);
    expect(['registered', 'rejected']).toContain(outcome.status);
  }, 300_000);
});
