// Steps 4 and 5: the canary waits for enough requests (or rolls back early), then judges error ratios, latency and predictions.

import { describe, expect, it } from 'vitest';
import { decideCanary, jensenShannonDistance, type CanaryPolicy, type CanaryVersionStats } from '@lab/canary-decision';

const policy: CanaryPolicy = { minRequests: 500, maxErrorRatioIncrease: 0.01, maxLatencyRatio: 1.25, maxPredictionDistance: 0.3 };
const MIX = { low: 400, medium: 450, high: 150 };
const stats = (requests: number, errors: number, latencyP95Seconds = 0.1, predictions: Record<string, number> = MIX): CanaryVersionStats => ({
  requests,
  errors,
  latencyP95Seconds,
  predictions,
});

describe('step 4: wait for enough requests, or roll back early', () => {
  it('waits while the candidate has fewer than minRequests, naming how many it has', () => {
    const decision = decideCanary(stats(5000, 0), stats(120, 0), policy);
    expect(decision.action, 'do not promote on 120 requests: wait for minRequests').toBe('wait');
    expect(decision.reasons).toEqual(['candidate has 120 of the 500 requests needed']);
    expect(decision.checks).toEqual([{ name: 'enough-requests', passed: false, message: 'candidate has 120 of the 500 requests needed' }]);
  });

  it('waits at 499 requests and decides at 500', () => {
    expect(decideCanary(stats(5000, 0), stats(499, 0), policy).action, '499 is fewer than 500').toBe('wait');
    expect(decideCanary(stats(5000, 0), stats(500, 0), policy).action, '500 requests are enough').toBe('promote');
    expect(decideCanary(stats(500, 0), stats(500, 0), policy).action, 'production needs 500 too, and 500 are enough: fewer than minRequests, not at most').toBe('promote');
  });

  it('waits for production too, and names both when both are short', () => {
    expect(decideCanary(stats(300, 0), stats(600, 0), policy).reasons).toEqual(['production has 300 of the 500 requests needed']);
    expect(decideCanary(stats(300, 0), stats(20, 0), policy).reasons).toEqual(['candidate has 20 of the 500 requests needed; production has 300 of the 500 requests needed']);
  });

  it('rolls back at once when the errors already exceed the limit at minRequests', () => {
    const decision = decideCanary(stats(5000, 50), stats(100, 20), policy);
    expect(decision.action, '20 errors are 4% of 500 even if every later request succeeds: more traffic cannot save it').toBe('rollback');
    expect(decision.checks).toEqual([
      { name: 'error-ratio', passed: false, message: 'candidate error ratio 4.00% vs production 1.00% (allowed up to 2.00%) at best, with 20 errors already' },
    ]);
    expect(decision.reasons).toEqual([decision.checks[0]!.message]);
  });

  it('waits when the best case is exactly at the limit (10 errors in 100 requests: at best 10 in 500 = 2%)', () => {
    const decision = decideCanary(stats(5000, 50), stats(100, 10), policy);
    expect(decision.action, 'judge the best case errors / max(requests, minRequests), not errors / requests; at the limit is allowed').toBe('wait');
  });

  it('counts a production without requests as a 0% error ratio', () => {
    expect(decideCanary(stats(0, 0), stats(100, 10), policy).action, '10 in 500 is 2%, above 0% + 1%').toBe('rollback');
    expect(decideCanary(stats(0, 0), stats(100, 5), policy).action, '5 in 500 is 1%: wait').toBe('wait');
  });
});

describe('step 5: promote or roll back on ratios, latency and predictions', () => {
  it('promotes a healthy candidate, listing every check', () => {
    const decision = decideCanary(stats(5000, 50), stats(1000, 15, 0.11), policy);
    expect(decision.action).toBe('promote');
    expect(decision.checks.map((c) => [c.name, c.passed])).toEqual([
      ['enough-requests', true],
      ['error-ratio', true],
      ['latency', true],
      ['prediction-distribution', true],
    ]);
    expect(decision.reasons).toEqual([
      'at least 500 requests per version',
      'candidate error ratio 1.50% vs production 1.00% (allowed up to 2.00%)',
      'candidate p95 110.0 ms vs production 100.0 ms (allowed up to 125.0 ms)',
      'prediction distributions 0.000 apart (Jensen-Shannon distance; allowed up to 0.3)',
    ]);
  });

  it('compares error ratios, not counts: 30 errors in 1000 is worse than 50 in 5000', () => {
    const decision = decideCanary(stats(5000, 50), stats(1000, 30), policy);
    expect(decision.action, 'the canary gets a fraction of the traffic: divide errors by requests').toBe('rollback');
    expect(decision.reasons).toEqual(['candidate error ratio 3.00% vs production 1.00% (allowed up to 2.00%)']);
    expect(decideCanary(stats(1000, 0), stats(5000, 40), policy).action, '40 errors in 5000 (0.8%) is within 0% + 1%').toBe('promote');
  });

  it('allows an error ratio of exactly production plus the increase', () => {
    expect(decideCanary(stats(1000, 10), stats(1000, 20), policy).action, '2% is allowed up to 2%').toBe('promote');
  });

  it('rolls back a p95 above production times maxLatencyRatio, and allows exactly that', () => {
    expect(decideCanary(stats(1000, 0, 0.1), stats(1000, 0, 0.125), policy).action, '125 ms is allowed up to 100 ms x 1.25').toBe('promote');
    const slow = decideCanary(stats(1000, 0, 0.1), stats(1000, 0, 0.126), policy);
    expect(slow.action).toBe('rollback');
    expect(slow.reasons).toEqual(['candidate p95 126.0 ms vs production 100.0 ms (allowed up to 125.0 ms)']);
  });

  it('ignores latency differences within the slack (5 ms unless the policy says otherwise)', () => {
    expect(decideCanary(stats(1000, 0, 0.002), stats(1000, 0, 0.007), policy).action, '2 ms vs 7 ms is noise: the limit is max(p95 x ratio, p95 + slack)').toBe('promote');
    expect(decideCanary(stats(1000, 0, 0.002), stats(1000, 0, 0.0071), policy).action).toBe('rollback');
    expect(decideCanary(stats(1000, 0, 0.002), stats(1000, 0, 0.004), { ...policy, latencySlackSeconds: 0.001 }).reasons).toEqual([
      'candidate p95 4.0 ms vs production 2.0 ms (allowed up to 3.0 ms)',
    ]);
  });

  it('rolls back a candidate that collapsed onto one class, and allows exactly the maximum distance', () => {
    const collapsed = { low: 0, medium: 1000, high: 0 };
    const decision = decideCanary(stats(1000, 0), stats(1000, 0, 0.1, collapsed), policy);
    expect(decision.action, 'compare the prediction distributions with jensenShannonDistance').toBe('rollback');
    const distance = jensenShannonDistance(MIX, collapsed);
    expect(decision.reasons).toEqual([`prediction distributions ${distance.toFixed(3)} apart (Jensen-Shannon distance; allowed up to 0.3)`]);
    expect(decideCanary(stats(1000, 0), stats(1000, 0, 0.1, collapsed), { ...policy, maxPredictionDistance: distance }).action).toBe('promote');
  });

  it('names every failed rule and only those', () => {
    const decision = decideCanary(stats(1000, 0, 0.1), stats(1000, 100, 0.2), policy);
    expect(decision.action).toBe('rollback');
    expect(decision.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['error-ratio', 'latency']);
    expect(decision.reasons).toEqual([
      'candidate error ratio 10.00% vs production 0.00% (allowed up to 1.00%)',
      'candidate p95 200.0 ms vs production 100.0 ms (allowed up to 125.0 ms)',
    ]);
  });
});
