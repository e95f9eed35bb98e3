// Tests of the canary decision, above all the tempting wrong answers: promoting on too few requests, comparing
// error counts instead of ratios, a latency rule that flaps on sub-millisecond noise, a collapsed candidate.

import { describe, expect, it } from 'vitest';
import { decideCanary, jensenShannonDistance, type CanaryPolicy, type CanaryVersionStats } from './canary-decision';

const policy: CanaryPolicy = { minRequests: 500, maxErrorRatioIncrease: 0.01, maxLatencyRatio: 1.25, maxPredictionDistance: 0.3 };
const predictions = (n: number) => ({ low: Math.round(n * 0.45), medium: Math.round(n * 0.4), high: Math.round(n * 0.15) });
const stats = (requests: number, errors = 0, p95 = 0.02, preds: Record<string, number> = predictions(requests)): CanaryVersionStats => ({ requests, errors, latencyP95Seconds: p95, predictions: preds });
const production = stats(9000, 45); // 0.5% errors

describe('decideCanary', () => {
  it('promotes a candidate as good as production once both have enough requests, giving every check', () => {
    const decision = decideCanary(production, stats(1000, 5), policy);
    expect(decision.action).toBe('promote');
    expect(decision.checks.map((c) => [c.name, c.passed])).toEqual([
      ['enough-requests', true],
      ['error-ratio', true],
      ['latency', true],
      ['prediction-distribution', true],
    ]);
  });

  it('waits on a flawless candidate with too few requests, and says how many are missing', () => {
    for (const requests of [0, 1, 10, 499]) {
      const decision = decideCanary(production, stats(requests), policy);
      expect(decision.action, `${requests} requests`).toBe('wait');
      expect(decision.reasons).toEqual([`candidate has ${requests} of the 500 requests needed`]);
    }
    expect(decideCanary(production, stats(500), policy).action).toBe('promote');
    expect(decideCanary(stats(120), stats(900), policy)).toMatchObject({ action: 'wait', reasons: ['production has 120 of the 500 requests needed'] });
  });

  it('rolls back early when the errors already seen exceed the limit even if every further request succeeded', () => {
    // 8 errors in 40 requests: at best 8 / 500 = 1.6% > 0.5% + 1%.
    expect(decideCanary(production, stats(40, 8), policy)).toMatchObject({ action: 'rollback', reasons: [expect.stringContaining('at best')] });
    // 7 errors: at best 1.4%, within the 1.5% allowed: more traffic may still clear it, so wait.
    expect(decideCanary(production, stats(40, 7), policy).action).toBe('wait');
  });

  it('compares error ratios, not counts: fewer errors on 10% of the traffic can still be worse', () => {
    const decision = decideCanary(production, stats(1000, 20), policy); // 20 errors < 45, but 2% vs 0.5%
    expect(decision.action).toBe('rollback');
    expect(decision.reasons).toEqual(['candidate error ratio 2.00% vs production 0.50% (allowed up to 1.50%)']);
    expect(decideCanary(production, stats(1000, 15), policy).action).toBe('promote'); // exactly 1.5%
  });

  it('rolls back a slower candidate, but not for sub-millisecond noise', () => {
    const slow = decideCanary(production, stats(1000, 5, 0.026), policy);
    expect(slow.action).toBe('rollback');
    expect(slow.reasons).toEqual(['candidate p95 26.0 ms vs production 20.0 ms (allowed up to 25.0 ms)']);
    const fastProduction = stats(9000, 45, 0.0004);
    expect(decideCanary(fastProduction, stats(1000, 5, 0.0009), policy).action).toBe('promote');
  });

  it('rolls back a candidate whose predictions collapsed onto one class', () => {
    const collapsed = decideCanary(production, stats(1000, 5, 0.02, { low: 1000 }), policy);
    expect(collapsed.action).toBe('rollback');
    expect(collapsed.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['prediction-distribution']);
  });

  it('throws for counts or a policy that cannot mean anything', () => {
    expect(() => decideCanary(production, stats(10, 11), policy)).toThrow(expect.objectContaining({ code: 'INVALID_CANARY_STATS' }));
    expect(() => decideCanary(production, stats(1.5), policy)).toThrow(expect.objectContaining({ code: 'INVALID_CANARY_STATS' }));
    expect(() => decideCanary(production, stats(10), { ...policy, minRequests: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_CANARY_POLICY' }));
    expect(() => decideCanary(production, stats(10), { ...policy, maxLatencyRatio: 0.9 })).toThrow(expect.objectContaining({ code: 'INVALID_CANARY_POLICY' }));
  });
});

describe('jensenShannonDistance', () => {
  it('is 0 for the same shares at any scale, 1 for disjoint classes, symmetric in between', () => {
    expect(jensenShannonDistance({ a: 1, b: 3 }, { a: 10, b: 30 })).toBeCloseTo(0, 12);
    expect(jensenShannonDistance({ a: 5 }, { b: 5 })).toBeCloseTo(1, 12);
    const d = jensenShannonDistance({ a: 1, b: 1 }, { a: 3, b: 1 });
    expect(d).toBeCloseTo(jensenShannonDistance({ a: 3, b: 1 }, { a: 1, b: 1 }), 12);
    expect(d).toBeGreaterThan(0.1);
    expect(d).toBeLessThan(0.3);
  });
});
