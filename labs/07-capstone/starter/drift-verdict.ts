// Lab 07: what a model version's live drift gauges say, and when they say nothing yet.

import { notImplemented } from '@mlops/lab-kit/runtime';

/** The `model_drift_*` gauges of one model version as Prometheus last saw them; undefined where a series is absent. */
export interface DriftGauges {
  /** `model_drift_detected`: 1 data set drift, 0 none. */
  readonly detected?: number;
  /** `model_drift_window_rows`: rows the last check looked at. */
  readonly windowRows?: number;
  /** `model_drift_last_check_timestamp_seconds`: when that check ran (Unix seconds). */
  readonly lastCheckSeconds?: number;
}

/** How much to trust the gauges. */
export interface VerdictRules {
  /** A check of fewer rows says nothing (the service's DRIFT_MIN_ROWS). */
  readonly minRows: number;
  /** A check older than this many seconds says nothing about now (a version that no longer gets traffic). */
  readonly maxAgeSeconds: number;
  /** Now, in Unix seconds. */
  readonly nowSeconds: number;
}

/** `unknown`: no check to go by (no series yet, too few rows, or too old). */
export type DriftVerdict = 'drift' | 'no-drift' | 'unknown';

/**
 * The verdict of a version's last drift check: `unknown` while any of the three gauges is absent, the window has
 * fewer than `minRows` rows, or the check is more than `maxAgeSeconds` old; else `drift` for detected 1 and
 * `no-drift` for detected 0. An absent series is not a zero: "no drift" needs a check that looked.
 * @example driftVerdict({ detected: 0, windowRows: 600, lastCheckSeconds: now - 1 }, { minRows: 200, maxAgeSeconds: 60, nowSeconds: now }) // 'no-drift'
 */
export function driftVerdict(gauges: DriftGauges, rules: VerdictRules): DriftVerdict {
  // TODO step 2: unknown without all three gauges, below minRows, or older than maxAgeSeconds; then detected 1 or 0
  throw notImplemented('src/drift-verdict.ts', 'step 2: unknown without all three gauges, below minRows, or older than maxAgeSeconds; then detected 1 or 0');
}
