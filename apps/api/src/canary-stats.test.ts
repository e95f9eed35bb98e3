// Unit tests of CanaryStats: what counts as a request and an error, the p95 bucket, predictions, other versions ignored.

import { describe, expect, it } from 'vitest';
import { CanaryStats } from './canary-stats';

const infer = (version: string, outcome: 'success' | 'client_error' | 'server_error', seconds: number) => ({ model: 'm', version, outcome, rows: 1, seconds });

describe('CanaryStats', () => {
  it("counts server errors as the version's errors but not the caller's 4xx, and ignores untracked versions and models", () => {
    const stats = new CanaryStats('m');
    stats.reset(['1', '2']);
    stats.observer.onInfer!(infer('2', 'success', 0.001));
    stats.observer.onInfer!(infer('2', 'client_error', 0.001));
    stats.observer.onInfer!(infer('2', 'server_error', 0.001));
    stats.observer.onInfer!(infer('3', 'server_error', 0.001));
    stats.observer.onInfer!({ ...infer('2', 'server_error', 0.001), model: 'other' });
    expect(stats.of('2')).toMatchObject({ requests: 3, errors: 1 });
    expect(stats.of('1')).toMatchObject({ requests: 0, errors: 0, latencyP95Seconds: 0 });
    expect(stats.of('3').requests).toBe(0);
  });

  it('reads p95 as the bucket holding the 95th of 100 requests, within 10%', () => {
    const stats = new CanaryStats('m');
    stats.reset(['1']);
    for (let i = 1; i <= 100; i += 1) stats.observer.onInfer!(infer('1', 'success', i / 1000)); // 1 ms .. 100 ms
    const p95 = stats.of('1').latencyP95Seconds;
    expect(p95).toBeGreaterThanOrEqual(0.095);
    expect(p95).toBeLessThan(0.095 * 1.1);
  });

  it('counts predictions per class label and starts afresh on reset', () => {
    const stats = new CanaryStats('m');
    stats.reset(['1']);
    stats.observer.onScored!({ model: 'm', version: '1', features: new Float32Array(6), featureCount: 2, rows: 3, predicted: [0, 2, 2], labels: ['low', 'medium', 'high'] });
    expect(stats.of('1').predictions).toEqual({ low: 1, high: 2 });
    stats.reset(['1']);
    expect(stats.of('1').predictions).toEqual({});
  });
});
