// The retraining command line against a real Redis: trigger (idempotent by key), status, list, --wait on a job that
// fails, rejections, and the exit codes.

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RED_WINE_CSV } from '@mlops/dataset';
import { DEFAULT_MODEL_REPOSITORY } from '@mlops/model-store';
import { createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startRetrainWorker } from '@mlops/retraining';
import { REJECTIONS_FILE } from '@mlops/retraining/rejection-log';
import { runRetrainingCli } from '../src/cli/retraining-cli';

const testRedis = await startTestRedis();

describe.skipIf(!testRedis)('npm run retrainer -- <command>', () => {
  const prefix = uniquePrefix();
  let dir: string;
  const env = () => ({ REDIS_URL: testRedis!.url, RETRAIN_PREFIX: prefix, MODEL_REPOSITORY: join(dir, 'models') });
  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runRetrainingCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: env() });
    return { code, out, err };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'retraining-cli-'));
    await cp(join(DEFAULT_MODEL_REPOSITORY, 'wine-quality'), join(dir, 'models', 'wine-quality'), { recursive: true });
  });
  afterAll(async () => {
    const redis = createWorkerConnection(testRedis!.url);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues a retraining by hand, finds it again by its idempotency key, and shows and lists it', async () => {
    const first = await cli('trigger', '--reason', 'white wines arrived', '--idempotency-key', 'cli-1', '--requested-by', 'alice');
    expect(first.code).toBe(0);
    const id = /queued retraining (manual-[0-9a-f]+) of wine-quality/.exec(first.out)?.[1];
    expect(id, first.out).toBeDefined();
    const again = await cli('trigger', '--reason', 'white wines arrived', '--idempotency-key', 'cli-1');
    expect(again.out).toContain(`retraining ${id} exists already`);

    const status = await cli('status', id!);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^state +waiting$/m);
    expect(status.out).toContain('manual by alice: white wines arrived');
    const list = await cli('list');
    expect(list.out.split('\n').filter((l) => l.startsWith('manual-'))).toEqual([expect.stringContaining(id!)]);
  });

  it('follows a job with --wait and exits 1 when it fails, with the reason', async () => {
    const connection = createWorkerConnection(testRedis!.url);
    const worker = startRetrainWorker({ connection, space: { queueName: 'retraining', prefix }, repository: join(dir, 'models'), data: { reference: RED_WINE_CSV, newRows: [join(dir, 'missing.csv')] } });
    try {
      const run = await cli('trigger', '--reason', 'data not there', '--wait');
      // On failure, show what the command said on both streams (an error of its own also exits 1).
      expect(run.code, `stdout:\n${run.out}\nstderr:\n${run.err}`).toBe(1);
      expect(run.out, `stderr:\n${run.err}`).toContain(`failed: training data ${join(dir, 'missing.csv')}`);
    } finally {
      await worker.close(5000);
      connection.disconnect();
    }
  });

  it('lists the rejected candidates of a model from its rejection log', async () => {
    expect((await cli('rejections')).out).toContain('no rejected candidates of wine-quality');
    const record = { jobId: 'alert-abc', at: '2026-12-01T12:00:00.000Z', model: 'wine-quality', productionVersion: '1', reasons: ['red: macro-F1 0.5699 vs production 0.6109'] };
    await writeFile(join(dir, 'models', 'wine-quality', REJECTIONS_FILE), `${JSON.stringify(record)}\n`);
    const out = (await cli('rejections')).out;
    expect(out).toContain('alert-abc');
    expect(out).toContain('red: macro-F1 0.5699 vs production 0.6109');
  });

  it('exits 3 for an unknown job and 2 for bad arguments, with one line saying what to do', async () => {
    const unknown = await cli('status', 'manual-nope');
    expect(unknown).toMatchObject({ code: 3, err: expect.stringContaining('npm run retrainer -- list') });
    expect((await cli('status', 'bad:id')).code).toBe(2);
    expect((await cli('trigger')).code).toBe(2);
    expect((await cli('trigger', '--reason', ' ')).code).toBe(2);
    expect((await cli('list', '--limit', '0')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});
