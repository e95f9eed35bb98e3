// Unit tests of the worker configuration: defaults and messages naming the bad variable.

import { describe, expect, it } from 'vitest';
import { readWorkerConfig } from './config';

describe('readWorkerConfig', () => {
  it('fills in the defaults when nothing is set', () => {
    const config = readWorkerConfig({});
    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      modelName: 'wine-quality',
      concurrency: 2,
      space: { queueName: 'batch-chunks', prefix: 'mlops' },
      shutdownDeadlineMs: 10_000,
      stalled: { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 },
      metrics: { port: 9464, host: '127.0.0.1', portIsDefault: true },
    });
  });

  it('reads numbers from strings and names a bad variable', () => {
    expect(readWorkerConfig({ WORKER_CONCURRENCY: '4' }).concurrency).toBe(4);
    expect(() => readWorkerConfig({ WORKER_CONCURRENCY: 'many' })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => readWorkerConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
  });

  it('reads the metrics port, 0 included, and refuses one out of range', () => {
    expect(readWorkerConfig({ METRICS_PORT: '0' }).metrics).toEqual({ port: 0, host: '127.0.0.1', portIsDefault: false });
    expect(readWorkerConfig({ METRICS_PORT: '9500', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9500, host: '0.0.0.0', portIsDefault: false });
    expect(() => readWorkerConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
