// run.ts runs the learner's code: markers put in a learner copy show up in Redis, in job ids, job options, return values and failure reasons.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkJobData } from '@mlops/batch/job-types';
import { createLearnerCopy, replaceOnce, startLabRun, type LabRun, type LearnerCopy } from '@mlops/lab-kit/authoring';
import { createProducerConnection, createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';

const MARKER = 'LEARNER-MARKER-7f3a';
const ATTEMPTS_MARKER = 17;
const labDir = fileURLToPath(new URL('..', import.meta.url));
const testRedis = await startTestRedis();

// Markers that keep everything working: the producer's job ids, the retry policy's attempts and its
// UnrecoverableError message, the processor's return value and its "no input rows" message.
const marked = (file: string, text: string): string => {
  if (file === 'chunk-producer.ts') return replaceOnce(text, 'return `${batchId}.${chunkIndex}`;', `return \`\${batchId}.${MARKER}.\${chunkIndex}\`;`);
  if (file === 'retry-policy.ts') {
    const out = replaceOnce(text, 'attempts: policy.attempts,', `attempts: ${ATTEMPTS_MARKER},`);
    return replaceOnce(out, 'new UnrecoverableError(error.message)', `new UnrecoverableError(\`\${error.message} [retry policy ${MARKER}]\`)`);
  }
  if (file === 'chunk-processor.ts') {
    const out = replaceOnce(text, "return { status: 'scored', scored:", `return { marker: '${MARKER}', status: 'scored', scored:`);
    return replaceOnce(out, 'has no input rows (expired or deleted)', `has no input rows (expired or deleted) [processor ${MARKER}]`);
  }
  return text;
};

/** Starts `run.ts` with `args` on the learner copy, against the test Redis under `prefix`. */
const startRun = (copy: LearnerCopy, prefix: string, args: string[], env: Record<string, string> = {}): LabRun =>
  startLabRun(labDir, args, { ...copy.env, REDIS_URL: testRedis!.url, BATCH_PREFIX: prefix, SLOW_MS: '0', ...env });

describe.skipIf(!testRedis)('npm start runs the learner\'s producer, processor and retry policy', () => {
  const prefix = uniquePrefix('lab04-run-check');
  const copy = createLearnerCopy(labDir, marked);
  let redis: Redis;
  let queue: Queue<ChunkJobData>;
  let events: QueueEvents;
  let eventsConnection: Redis;
  let worker: LabRun;

  beforeAll(async () => {
    redis = createProducerConnection(testRedis!.url);
    await new Promise((resolve) => redis.once('ready', resolve));
    queue = new Queue<ChunkJobData>('chunks', { connection: redis, prefix });
    eventsConnection = createWorkerConnection(testRedis!.url);
    events = new QueueEvents('chunks', { connection: eventsConnection, prefix });
    events.on('error', () => {});
    await events.waitUntilReady();
    worker = startRun(copy, prefix, ['--worker']);
    await worker.waitFor(/worker \d+ ready on/);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await events?.close();
    eventsConnection?.disconnect();
    await queue?.close();
    if (redis) {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    }
    copy.cleanup();
  });

  it('the worker fails a chunk without input rows at once, through the learner\'s processor and toJobError', async () => {
    const job = await queue.add('score-chunk', { batchId: 'ghost', chunkIndex: 0, firstRow: 0, rowCount: 1 }, { attempts: 3, jobId: 'ghost.0' });
    const failure = await job.waitUntilFinished(events, 20_000).then(
      () => new Error('the chunk without input rows completed'),
      (error: Error) => error,
    );
    expect(failure.message, "the processor's InvalidChunkError message is the learner's").toContain(`[processor ${MARKER}]`);
    expect(failure.message, "the UnrecoverableError comes from the learner's toJobError").toContain(`[retry policy ${MARKER}]`);
    expect((await queue.getJob('ghost.0'))!.attemptsMade, 'one attempt: the UnrecoverableError is not retried').toBe(1);
  });

  it('--submit enqueues with the learner\'s producer and options; the worker scores with the learner\'s processor', async () => {
    const submit = startRun(copy, prefix, ['--submit'], { CHUNK_SIZE: '1000' });
    expect(await submit.exited(), `run.ts --submit ends with 0 once the batch completes:\n${submit.output()}`).toBe(0);
    expect(submit.output()).toMatch(/done in [\d.]+ s: 4898 scored, 0 failed/);
    const jobs = await queue.getJobs(['completed']);
    expect(jobs.map((j) => j.id).sort(), "job ids come from the learner's chunkJobId").toEqual([0, 1, 2, 3, 4].map((k) => expect.stringMatching(new RegExp(`^white-\\d+\\.${MARKER}\\.${k}$`))));
    expect(new Set(jobs.map((j) => j.opts.attempts)), "job options come from the learner's chunkJobOptions").toEqual(new Set([ATTEMPTS_MARKER]));
    expect(new Set(jobs.map((j) => (j.returnvalue as { marker?: string }).marker)), "the chunks were scored by the learner's processor").toEqual(new Set([MARKER]));
  });
});

describe.skipIf(!testRedis)('an unfinished step', () => {
  it('makes run.ts print its one-line message and exit 1', async () => {
    const starter = readFileSync(join(labDir, 'starter', 'chunk-producer.ts'), 'utf8');
    const copy = createLearnerCopy(labDir, (file, text) => (file === 'chunk-producer.ts' ? starter : text));
    const prefix = uniquePrefix('lab04-run-check');
    try {
      const run = startRun(copy, prefix, ['--submit']);
      expect(await run.exited(), run.output()).toBe(1);
      expect(run.output()).toContain('step 1 is not done yet');
      expect(run.output(), 'no stack trace').not.toMatch(/\n\s+at /);
    } finally {
      const redis = createProducerConnection(testRedis!.url);
      await new Promise((resolve) => redis.once('ready', resolve));
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
      copy.cleanup();
    }
  });
});
