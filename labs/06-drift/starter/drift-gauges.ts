// The Prometheus gauges of live drift (model_drift_*) on a prom-client registry, and writing a drift report into them.

import { Gauge, type Registry } from 'prom-client';
import type { DriftReport } from '@mlops/drift/dataset-drift';
import { notImplemented } from '@mlops/lab-kit/runtime';

type ModelLabels = 'model' | 'version';

/** The live drift gauges, one set per registry. */
export interface DriftGauges {
  /** `model_drift_score{model,version,feature,method}`: method `ks` (the KS statistic D), `wasserstein_normed`, `psi`. */
  readonly score: Gauge<ModelLabels | 'feature' | 'method'>;
  /** `model_feature_drifted{model,version,feature}`: 1 when the feature's deciding test says drift, else 0. */
  readonly featureDrifted: Gauge<ModelLabels | 'feature'>;
  /** `model_drift_share{model,version}`: share of drifted features, 0 to 1. */
  readonly share: Gauge<ModelLabels>;
  /** `model_drift_detected{model,version}`: 1 when the share reaches the data set threshold, else 0. */
  readonly detected: Gauge<ModelLabels>;
  /** `model_drift_window_rows{model,version}`: rows in the window the last check used. */
  readonly windowRows: Gauge<ModelLabels>;
  /** `model_drift_last_check_timestamp_seconds{model,version}`: Unix time of the last check. */
  readonly lastCheck: Gauge<ModelLabels>;
}

/** The label values of one model version. */
export interface ModelVersion {
  readonly model: string;
  readonly version: string;
}

function gauge<T extends string>(registry: Registry, name: string, help: string, labelNames: readonly T[]): Gauge<T> {
  // The same registry may serve several monitors (one per process is usual): reuse what is registered.
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Gauge) return existing as Gauge<T>;
  return new Gauge<T>({ name, help, labelNames, registers: [registry] });
}

/** Registers the drift gauges on `registry` (or returns those already there). */
export function createDriftGauges(registry: Registry): DriftGauges {
  return {
    score: gauge(registry, 'model_drift_score', 'Per-feature drift statistic of the live window against the training profile (method: ks = KS statistic D, wasserstein_normed, psi).', ['model', 'version', 'feature', 'method']),
    featureDrifted: gauge(registry, 'model_feature_drifted', '1 when the feature drifted by its deciding test (KS p-value or normalised Wasserstein), else 0.', ['model', 'version', 'feature']),
    share: gauge(registry, 'model_drift_share', 'Share of features that drifted in the last live check.', ['model', 'version']),
    detected: gauge(registry, 'model_drift_detected', '1 when the share of drifted features reached the data set threshold in the last check, else 0.', ['model', 'version']),
    windowRows: gauge(registry, 'model_drift_window_rows', 'Rows in the live window used by the last check.', ['model', 'version']),
    lastCheck: gauge(registry, 'model_drift_last_check_timestamp_seconds', 'Unix time of the last live drift check.', ['model', 'version']),
  };
}

/**
 * Writes one drift check into the gauges: three scores and the verdict per feature, the share, the data set
 * verdict, the window size and the time of the check.
 * @param at Unix time of the check, in seconds.
 * @example recordDriftReport(gauges, { model: 'wine-quality', version: '1' }, report, 2000, Date.now() / 1000)
 */
export function recordDriftReport(gauges: DriftGauges, labels: ModelVersion, report: DriftReport, windowRows: number, at: number): void {
  // TODO step 5: set every drift gauge of this model version from the report
  throw notImplemented('src/drift-gauges.ts', 'step 5: set every drift gauge of this model version from the report');
}
