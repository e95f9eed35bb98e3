// Per-version figures of a canary, from the inference events the data plane reports: requests, errors, latency p95, predictions.

import type { CanaryVersionStats } from '@mlops/model-lifecycle/canary-decision';
import type { InferenceObserver } from '@mlops/serving';

/** Latency buckets: 0.1 ms growing by 10% a bucket up to about 60 s (140 buckets), so p95 is read within 10%. */
const BOUNDS = Array.from({ length: 140 }, (_, i) => 0.0001 * 1.1 ** i);

/** What one version served since the canary started. */
class VersionTally {
  requests = 0;
  errors = 0;
  readonly latency = new Array<number>(BOUNDS.length + 1).fill(0);
  readonly predictions: Record<string, number> = {};

  stats(): CanaryVersionStats {
    return { requests: this.requests, errors: this.errors, latencyP95Seconds: this.p95(), predictions: { ...this.predictions } };
  }

  /** The upper bound of the bucket holding the 95th percentile (0 without requests). */
  private p95(): number {
    const total = this.latency.reduce((a, b) => a + b, 0);
    if (total === 0) return 0;
    const rank = Math.ceil(total * 0.95);
    let seen = 0;
    for (let i = 0; i < this.latency.length; i += 1) {
      seen += this.latency[i]!;
      if (seen >= rank) return BOUNDS[Math.min(i, BOUNDS.length - 1)]!;
    }
    return BOUNDS[BOUNDS.length - 1]!;
  }
}

/**
 * Tallies the versions of one model a canary compares, from the same events the inference metrics count
 * (`inference_requests_total{version,outcome}`, `inference_predictions_total{version,class}`): every infer request
 * (a server error counts as the version's error; the caller's 4xx do not), its seconds, and each predicted class.
 */
export class CanaryStats {
  private tallies = new Map<string, VersionTally>();

  constructor(private readonly model: string) {}

  /** Starts counting afresh for these versions (the others are ignored). */
  reset(versions: readonly string[]): void {
    this.tallies = new Map(versions.map((v) => [v, new VersionTally()]));
  }

  /** The figures of `version` so far (zeros when it is not tracked). */
  of(version: string): CanaryVersionStats {
    return (this.tallies.get(version) ?? new VersionTally()).stats();
  }

  /** The observer to give the data plane. Cheap: a map lookup and a few increments per request. */
  readonly observer: InferenceObserver = {
    onInfer: (e) => {
      if (e.model !== this.model) return;
      const tally = this.tallies.get(e.version);
      if (!tally) return;
      tally.requests += 1;
      if (e.outcome === 'server_error') tally.errors += 1;
      let i = 0;
      while (i < BOUNDS.length && e.seconds > BOUNDS[i]!) i += 1;
      tally.latency[i]! += 1;
    },
    onScored: (e) => {
      if (e.model !== this.model) return;
      const tally = this.tallies.get(e.version);
      if (!tally) return;
      for (let r = 0; r < e.rows; r += 1) {
        const label = e.labels[e.predicted[r]!] ?? 'unknown';
        tally.predictions[label] = (tally.predictions[label] ?? 0) + 1;
      }
    },
  };
}
