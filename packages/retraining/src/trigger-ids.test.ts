// Units of the triggers: job ids per alert episode and idempotency key, the rejection log.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRejections, recordRejection, type RejectionRecord } from './rejection-log';
import { retrainJobId } from './retrain-queue';
import { RETRAIN_JOB_ID_PATTERN } from './retraining-space';

describe('retrainJobId', () => {
  const episode = { kind: 'alert' as const, fingerprint: 'c0ffee', startsAt: '2026-12-01T10:00:00Z' };
  it('gives every notification of one alert episode the same id, and a new episode or model another', () => {
    const id = retrainJobId(episode, 'wine-quality');
    expect(id).toMatch(RETRAIN_JOB_ID_PATTERN);
    expect(retrainJobId({ ...episode }, 'wine-quality')).toBe(id);
    expect(retrainJobId({ ...episode, startsAt: '2026-12-02T10:00:00Z' }, 'wine-quality')).not.toBe(id);
    expect(retrainJobId({ ...episode, fingerprint: 'c0ffef' }, 'wine-quality')).not.toBe(id);
    expect(retrainJobId(episode, 'other')).not.toBe(id);
  });
  it('keys a manual trigger on its idempotency key, and gives a fresh id without one', () => {
    expect(retrainJobId({ kind: 'manual', idempotencyKey: 'k1' }, 'wine-quality')).toBe(retrainJobId({ kind: 'manual', idempotencyKey: 'k1' }, 'wine-quality'));
    expect(retrainJobId({ kind: 'manual' }, 'wine-quality')).not.toBe(retrainJobId({ kind: 'manual' }, 'wine-quality'));
    expect(retrainJobId({ kind: 'manual' }, 'wine-quality')).toMatch(RETRAIN_JOB_ID_PATTERN);
  });
});

describe('recordRejection', () => {
  it('records a job\'s rejection once, even when the job runs again', async () => {
    const repository = await mkdtemp(join(tmpdir(), 'rejections-'));
    try {
      const record = { jobId: 'manual-1', at: new Date(0).toISOString(), model: 'wine-quality', reasons: ['white: worse'] } as unknown as RejectionRecord;
      expect(await recordRejection(repository, record)).toBe(true);
      expect(await recordRejection(repository, { ...record, at: new Date(1).toISOString() })).toBe(false);
      expect(await recordRejection(repository, { ...record, jobId: 'manual-2' })).toBe(true);
      expect((await readRejections(repository, 'wine-quality')).map((r) => r.jobId)).toEqual(['manual-1', 'manual-2']);
    } finally {
      await rm(repository, { recursive: true, force: true });
    }
  });
});
