// Live drift in the API: rows scored by the v2 routes into @mlops/drift's monitor, checked against each served version's profile.

import type { Logger } from 'pino';
import type { Registry } from '@mlops/metrics';
import { LiveDriftMonitor, type LiveDriftCheck } from '@mlops/drift/live-drift';
import type { LiveDriftConfig } from '@mlops/drift/live-drift-config';
import type { InferenceObserver, ModelRegistry } from '@mlops/serving';

/** Live drift of a running API. */
export interface ApiLiveDrift {
  /** Give it to the inference plane: it copies scored rows into the window. */
  readonly observer: InferenceObserver;
  readonly monitor: LiveDriftMonitor;
  /** Stops the periodic check. */
  stop(): void;
}

/** A check's log line: the verdict and the features that drifted most. */
function logCheck(logger: Logger, c: LiveDriftCheck): void {
  const drifted = c.report.features.filter((f) => f.drifted).slice(0, 3).map((f) => f.feature);
  const fields = { model: c.model, version: c.version, windowRows: c.windowRows, driftedShare: c.report.driftedShare, drifted };
  if (c.report.datasetDrift) logger.warn(fields, `data drift: ${c.report.driftedFeatures} of ${c.report.features.length} features moved away from the training profile`);
  else logger.debug(fields, 'drift check: no data set drift');
}

/**
 * Starts live drift for the models of `models` (each checked against its manifest's training profile), with
 * its gauges on `metrics`. Undefined when turned off (DRIFT_LIVE=0) or without a metrics registry (METRICS=off):
 * the gauges are its only output.
 */
export function startApiLiveDrift(config: LiveDriftConfig, metrics: Registry | undefined, models: ModelRegistry, logger: Logger): ApiLiveDrift | undefined {
  if (!config.enabled || metrics === undefined) return undefined;
  const monitor = new LiveDriftMonitor({
    registry: metrics,
    // The main version and a canary candidate are watched, each against its own training profile.
    profileFor: (name, version) => models.served(name).find((m) => m.version === version)?.manifest.profile.features,
    windowRows: config.windowRows,
    sampleRate: config.sampleRate,
    intervalSeconds: config.intervalSeconds,
    minRows: config.minRows,
    onCheck: (c) => logCheck(logger, c),
    onError: (error) => logger.warn({ err: (error as Error).message }, 'live drift check failed'),
  }).start();
  // A version that stops serving (swapped out, unloaded, a rolled-back candidate) leaves the window and the
  // gauges, so its drift alert resolves instead of reading its last window forever.
  models.onChange((changed) => monitor.retain((name, version) => name !== changed || models.served(name).some((m) => m.version === version)));
  return { observer: { onScored: (e) => monitor.observe(e) }, monitor, stop: () => monitor.stop() };
}
