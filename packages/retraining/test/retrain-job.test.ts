// The retrain job on a real Redis with real training (3 epochs): registered as candidate when the gate passes,
// rejected with a record when it fails (labels corrupted), failed at once for unreadable data; progress per epoch.

import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { listVersions, readAliases, readAliasHistory, readManifest } from '@mlops/model-store';
import { createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import type { Redis } from 'ioredis';
import {
  createRetrainQueue,
  enqueueRetrain,
  readRejections,
  readRetrainStatus,
  retrainJobId,
  runRetraining,
  startRetrainWorker,
  type RetrainDataConfig,
  type RetrainOutcome,
  type RetrainProgress,
  type RetrainQueue,
  type RetrainWorker,
} from '../src/index';
import { copyShippedRepository, writeCorruptedWhiteWines, type RepositoryFixture } from './fixtures/repository-fixture';

const testRedis = await startTestRedis();

describe.skipIf(!testRedis)('the retrain job', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(repo: RepositoryFixture, data: RetrainDataConfig) {
    const prefix = uniquePrefix();
    const space = { queueName: 'retraining', prefix };
    const connection: Redis = createWorkerConnection(testRedis!.url);
    const queue: RetrainQueue = createRetrainQueue(connection, space);
    const progress: RetrainProgress[] = [];
    const worker: RetrainWorker = startRetrainWorker({ connection, space, repository: repo.repository, data, training: { epochs: 3 } });
    worker.worker.on('progress', (_job, p) => progress.push(p as RetrainProgress));
    cleanups.push(async () => {
      await worker.close(5000);
      await queue.close();
      await deleteKeysWithPrefix(connection, prefix);
      connection.disconnect();
      await repo.cleanup();
    });
    const finished = (jobId: string) =>
      new Promise<{ outcome?: RetrainOutcome; error?: Error }>((resolve) => {
        worker.worker.on('completed', (job, outcome) => job.id === jobId && resolve({ outcome }));
        worker.worker.on('failed', (job, error) => job?.id === jobId && job.finishedOn && resolve({ error }));
      });
    const run = async (reason: string) => {
      const jobId = retrainJobId({ kind: 'manual', idempotencyKey: reason }, 'wine-quality');
      const done = finished(jobId);
      await enqueueRetrain(queue, { model: 'wine-quality', trigger: { kind: 'manual', requestedBy: 'test', reason }, requestedAt: new Date().toISOString() }, jobId);
      return { jobId, ...(await done) };
    };
    return { queue, progress, run };
  }

  it('registers a candidate that beats production on the fixed set, with lineage, alias history naming the job, and epoch progress', async () => {
    // A production that scores 0.2 on both populations of the fixed set: any sensible retrained model beats it.
    const repo = await copyShippedRepository({ red: 0.2, white: 0.2 });
    const { queue, progress, run } = await setUp(repo, { reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] });
    const { jobId, outcome, error } = await run('white wines arrived');
    expect(error).toBeUndefined();
    expect(outcome).toMatchObject({ status: 'registered', version: '2', productionVersion: '1', gate: { passed: true }, epochsRun: 3 });
    // The evaluation rows (240 red, 735 white) and their duplicates never reach training.
    expect(outcome!.data).toEqual([
      { path: RED_WINE_CSV, rowsRead: 1599, rowsKept: 1290 },
      { path: WHITE_WINE_CSV, rowsRead: 4898, rowsKept: 3865 },
    ]);
    expect((await readAliases(repo.repository, 'wine-quality')).aliases).toEqual({ production: '1', candidate: '2' });
    const last = (await readAliasHistory(repo.repository, 'wine-quality')).at(-1);
    expect(last).toMatchObject({ actor: 'retrainer', alias: 'candidate', from: null, to: '2', reason: expect.stringContaining(`retraining job ${jobId}`) });
    const manifest = await readManifest(repo.repository, 'wine-quality', '2');
    expect(manifest.sha256).toBe(outcome!.sha256);
    expect(manifest.lineage).toMatchObject({ parentVersion: '1', evaluation: outcome!.evaluation });
    expect(manifest.lineage!.data.map((d) => d.path)).toEqual(['packages/dataset/data/winequality-red.csv', 'packages/dataset/data/winequality-white.csv']);
    expect(manifest.training.dataset).toBe('winequality-red.csv + winequality-white.csv');

    const epochs = progress.filter((p) => p.stage === 'training' && p.epoch > 0).map((p) => [p.epoch, p.epochs]);
    expect(epochs).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(progress.at(-1)).toMatchObject({ stage: 'done', percent: 100 });
    const status = await readRetrainStatus(queue, jobId);
    expect(status).toMatchObject({ state: 'completed', progress: { stage: 'done' }, result: { status: 'registered', version: '2' }, attemptsMade: 1 });
  });

  it('rejects a candidate trained on corrupted labels against the real production, records why, and registers nothing', async () => {
    const repo = await copyShippedRepository();
    const corrupted = await writeCorruptedWhiteWines(repo.dir);
    const { queue, run } = await setUp(repo, { reference: RED_WINE_CSV, newRows: [corrupted] });
    const { jobId, outcome, error } = await run('new white wines, labels broken');
    expect(error).toBeUndefined();
    expect(outcome).toMatchObject({ status: 'rejected', productionVersion: '1', gate: { passed: false } });
    expect(outcome!.version).toBeUndefined();
    expect(outcome!.gate.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^white: macro-F1 0\.\d{4} vs production 0\.468\d \(-/)]));
    // Production keeps serving; nothing new in the repository but the rejection record.
    expect((await readAliases(repo.repository, 'wine-quality')).aliases).toEqual({ production: '1' });
    await expect(access(join(repo.repository, 'wine-quality', '2'))).rejects.toThrow();
    const rejections = await readRejections(repo.repository, 'wine-quality');
    expect(rejections).toEqual([expect.objectContaining({ jobId, productionVersion: '1', reasons: outcome!.gate.reasons, trigger: expect.objectContaining({ kind: 'manual' }) })]);
    expect(await readRetrainStatus(queue, jobId)).toMatchObject({ state: 'completed', result: { status: 'rejected' } });
  });

  it('reuses the version it wrote when the same job runs again (its worker died after writing): no duplicate version', async () => {
    const repo = await copyShippedRepository({ red: 0.2, white: 0.2 });
    cleanups.push(() => repo.cleanup());
    const job = { id: 'manual-rerun', data: { model: 'wine-quality', trigger: { kind: 'manual' as const, requestedBy: 'test', reason: 'rerun' }, requestedAt: new Date().toISOString() }, updateProgress: () => {} };
    const options = { repository: repo.repository, data: { reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] }, training: { epochs: 2 } };
    const first = await runRetraining(job, options);
    const again = await runRetraining(job, options);
    expect([first.version, again.version]).toEqual(['2', '2']);
    expect(again.sha256).toBe(first.sha256);
    expect(await listVersions(repo.repository, 'wine-quality')).toEqual(['1', '2']);
    expect((await readAliasHistory(repo.repository, 'wine-quality')).filter((e) => e.alias === 'candidate')).toHaveLength(1);
  });

  it('fails at once, before training, when production has no fixed-set figures to compare with', async () => {
    const repo = await copyShippedRepository('no-lineage');
    const { queue, progress, run } = await setUp(repo, { reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] });
    const { jobId, error } = await run('production predates lineage');
    expect(error?.message).toContain('wine-quality/1 records no fixed-evaluation figures');
    expect(progress.some((p) => p.stage === 'training')).toBe(false);
    expect(await readRetrainStatus(queue, jobId)).toMatchObject({ state: 'failed', attemptsMade: 1 });
  });

  it('fails a job whose data file cannot be read at once, naming the file, without retrying', async () => {
    const repo = await copyShippedRepository();
    const missing = join(repo.dir, 'no-such-file.csv');
    const { queue, run } = await setUp(repo, { reference: RED_WINE_CSV, newRows: [missing] });
    const { jobId, error } = await run('missing file');
    expect(error?.message).toContain(`training data ${missing}`);
    expect(await readRetrainStatus(queue, jobId)).toMatchObject({ state: 'failed', attemptsMade: 1, failedReason: expect.stringContaining(missing) });
    expect(await readFile(join(repo.repository, 'wine-quality', 'aliases.json'), 'utf8')).not.toContain('candidate');
  });
});
