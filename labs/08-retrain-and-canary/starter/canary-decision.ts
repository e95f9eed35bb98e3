// The canary's promotion decision: from per-version counts, promote the candidate, roll it back, or wait for more traffic.

import { InvalidCanaryPolicyError, InvalidCanaryStatsError } from '@mlops/model-lifecycle/errors';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** What one model version served during the canary. */
export interface CanaryVersionStats {
  /** Requests answered (any outcome). */
  readonly requests: number;
  /** Requests that failed on the server's side (5xx, a failed inference); the caller's 4xx are not the model's fault. */
  readonly errors: number;
  /** 95th percentile of the request latency, in seconds (e.g. from the `inference_*` histograms). */
  readonly latencyP95Seconds: number;
  /** Predictions per class label, e.g. `{ low: 410, medium: 350, high: 90 }`. */
  readonly predictions: Readonly<Record<string, number>>;
}

/** When a canary is promoted or rolled back. */
export interface CanaryPolicy {
  /** Requests each version must have served before anything but an early rollback is decided. @example 500 */
  readonly minRequests: number;
  /** The candidate's error ratio may exceed production's by at most this (absolute, e.g. 0.01 = one point). @example 0.01 */
  readonly maxErrorRatioIncrease: number;
  /** The candidate's p95 latency may be at most this multiple of production's. @example 1.25 */
  readonly maxLatencyRatio: number;
  /** Latency differences below this many seconds never fail the canary (sub-millisecond noise). @defaultValue 0.005 */
  readonly latencySlackSeconds?: number;
  /**
   * Largest Jensen-Shannon distance (base 2, in [0, 1]) between the two versions' prediction distributions on the
   * same traffic: a guard against a candidate that collapsed onto one class. @example 0.3
   */
  readonly maxPredictionDistance: number;
}

/** One rule and how it went. */
export interface CanaryCheck {
  readonly name: 'enough-requests' | 'error-ratio' | 'latency' | 'prediction-distribution';
  readonly passed: boolean;
  readonly message: string;
}

/** The decision and why: `wait` until both versions have enough requests, then `promote` or `rollback`. */
export interface CanaryDecision {
  readonly action: 'promote' | 'rollback' | 'wait';
  readonly reasons: readonly string[];
  readonly checks: readonly CanaryCheck[];
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const ms = (s: number): string => `${(s * 1000).toFixed(1)} ms`;

function checkPolicy(policy: CanaryPolicy): void {
  if (!Number.isInteger(policy.minRequests) || policy.minRequests < 1) throw new InvalidCanaryPolicyError(`minRequests must be a whole number >= 1, got ${policy.minRequests}`);
  if (!(policy.maxErrorRatioIncrease >= 0 && policy.maxErrorRatioIncrease <= 1)) throw new InvalidCanaryPolicyError(`maxErrorRatioIncrease must be in [0, 1], got ${policy.maxErrorRatioIncrease}`);
  if (!(policy.maxLatencyRatio >= 1) || !Number.isFinite(policy.maxLatencyRatio)) throw new InvalidCanaryPolicyError(`maxLatencyRatio must be a finite number >= 1, got ${policy.maxLatencyRatio}`);
  if (!(policy.maxPredictionDistance >= 0 && policy.maxPredictionDistance <= 1)) throw new InvalidCanaryPolicyError(`maxPredictionDistance must be in [0, 1], got ${policy.maxPredictionDistance}`);
  const slack = policy.latencySlackSeconds ?? 0.005;
  if (!(slack >= 0) || !Number.isFinite(slack)) throw new InvalidCanaryPolicyError(`latencySlackSeconds must be a finite number >= 0, got ${slack}`);
}

function checkStats(label: string, s: CanaryVersionStats): void {
  const count = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 0) throw new InvalidCanaryStatsError(`${label} ${name} must be a whole number >= 0, got ${v}`);
  };
  count('requests', s.requests);
  count('errors', s.errors);
  if (s.errors > s.requests) throw new InvalidCanaryStatsError(`${label} has ${s.errors} errors in ${s.requests} requests`);
  if (!(s.latencyP95Seconds >= 0) || !Number.isFinite(s.latencyP95Seconds)) throw new InvalidCanaryStatsError(`${label} p95 latency must be a finite number of seconds >= 0, got ${s.latencyP95Seconds}`);
  for (const [cls, n] of Object.entries(s.predictions)) count(`predictions of ${cls}`, n);
}

/**
 * Jensen-Shannon distance (the square root of the divergence, base 2) between two count distributions over the
 * union of their labels: 0 for the same shares, 1 for disjoint ones. Empty distributions are at distance 0.
 */
export function jensenShannonDistance(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  const labels = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const total = (d: Readonly<Record<string, number>>) => labels.reduce((sum, l) => sum + (d[l] ?? 0), 0);
  const [ta, tb] = [total(a), total(b)];
  if (ta === 0 || tb === 0) return 0;
  let divergence = 0;
  for (const l of labels) {
    const p = (a[l] ?? 0) / ta;
    const q = (b[l] ?? 0) / tb;
    const m = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log2(p / m);
    if (q > 0) divergence += 0.5 * q * Math.log2(q / m);
  }
  return Math.sqrt(Math.max(0, Math.min(1, divergence)));
}

/**
 * Decides a canary from what each version served:
 * 1. `wait` while either version has fewer than `minRequests` requests, except that a candidate whose errors
 *    already exceed what the policy allows at `minRequests` is rolled back at once (more traffic cannot save it);
 * 2. then `rollback` when any rule fails, naming each: error *ratio* (not count: the canary gets a fraction of the
 *    traffic) above production's plus `maxErrorRatioIncrease`; p95 latency above production's times
 *    `maxLatencyRatio` (beyond `latencySlackSeconds`); prediction distributions further apart than
 *    `maxPredictionDistance`;
 * 3. else `promote`.
 * @throws InvalidCanaryPolicyError, InvalidCanaryStatsError
 * @example decideCanary(production, candidate, { minRequests: 500, maxErrorRatioIncrease: 0.01, maxLatencyRatio: 1.25, maxPredictionDistance: 0.3 })
 */
export function decideCanary(production: CanaryVersionStats, candidate: CanaryVersionStats, policy: CanaryPolicy): CanaryDecision {
  checkPolicy(policy);
  checkStats('production', production);
  checkStats('candidate', candidate);
  // TODO step 4: wait until both versions have minRequests, unless the candidate's errors already exceed the allowed error ratio at minRequests
  throw notImplemented('src/canary-decision.ts', 'step 4: wait until both versions have minRequests, unless the candidate\'s errors already exceed the allowed error ratio at minRequests');

  // TODO step 5: with enough requests, check the error ratio, the p95 latency and the prediction distribution; rollback naming each failed rule, else promote
  throw notImplemented('src/canary-decision.ts', 'step 5: with enough requests, check the error ratio, the p95 latency and the prediction distribution; rollback naming each failed rule, else promote');
}
