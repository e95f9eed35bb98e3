// Unit tests of the worker's metric helpers: failure reasons stay a small vocabulary; BullMQ's gauge is renamed.

import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ScorerOutputError } from '@mlops/batch';
import { failureReason, queueMetrics } from './worker-metrics';

describe('failureReason', () => {
  it('names the kind of failure, never the message', () => {
    expect(failureReason(new UnrecoverableError('chunk 3 of batch b1 has no input rows'))).toBe('invalid_chunk');
    expect(failureReason(new ScorerOutputError('the model returned 5 values'))).toBe('scorer_output');
    expect(failureReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }))).toBe('redis');
    expect(failureReason(new Error('Missing lock for job 12. moveToFinished'))).toBe('lock_lost');
    expect(failureReason(new Error('onnxruntime: bad input 17'))).toBe('other');
    expect(failureReason('a string')).toBe('other');
  });
});

describe('queueMetrics', () => {
  it('exports BullMQ\'s jobs-by-state gauge as bullmq_jobs and keeps its totals', async () => {
    const bullmq = '# HELP bullmq_job_count Number of jobs in the queue by state\n# TYPE bullmq_job_count gauge\nbullmq_job_count{queue="q", state="waiting"} 4\n# HELP bullmq_job_completed_total Total number of completed jobs\n# TYPE bullmq_job_completed_total counter\nbullmq_job_completed_total{queue="q"} 9';
    const text = await queueMetrics({ exportPrometheusMetrics: async () => bullmq })();
    expect(text).toContain('# TYPE bullmq_jobs gauge\nbullmq_jobs{queue="q", state="waiting"} 4');
    expect(text).not.toContain('bullmq_job_count');
    expect(text).toContain('bullmq_job_completed_total{queue="q"} 9');
  });

  it('gives up on a queue that does not answer instead of hanging the scrape', async () => {
    const never = { exportPrometheusMetrics: () => new Promise<string>(() => {}) };
    await expect(queueMetrics(never, 20)()).rejects.toThrow(/longer than 20 ms/);
  });
});
