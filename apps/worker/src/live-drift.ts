// Live drift in the worker: every chunk's scored rows into @mlops/drift's monitor, checked against the model's training profile.

import type { Logger } from 'pino';
import type { RowScorer } from '@mlops/batch';
import { LiveDriftMonitor } from '@mlops/drift/live-drift';
import type { LiveDriftConfig } from '@mlops/drift/live-drift-config';
import type { Registry } from '@mlops/metrics';
import type { LoadedModel } from '@mlops/serving';

/** Live drift of a running worker. */
export interface WorkerLiveDrift {
  /** The model, with each successfully scored chunk's rows copied into the drift window. */
  readonly scorer: RowScorer;
  readonly monitor: LiveDriftMonitor;
  /** Stops the periodic check. */
  stop(): void;
}

/**
 * Starts live drift for the worker's model, gauges on its metrics `registry`. Undefined when DRIFT_LIVE is off.
 * @example const drift = startWorkerLiveDrift(config.drift, registry, model, log); startBatchWorker({ scorer: drift?.scorer ?? model, ... })
 */
export function startWorkerLiveDrift(config: LiveDriftConfig, registry: Registry, model: LoadedModel, log: Logger): WorkerLiveDrift | undefined {
  if (!config.enabled) return undefined;
  const monitor = new LiveDriftMonitor({
    registry,
    profileFor: (name, version) => (name === model.name && version === model.version ? model.manifest.profile.features : undefined),
    windowRows: config.windowRows,
    sampleRate: config.sampleRate,
    intervalSeconds: config.intervalSeconds,
    minRows: config.minRows,
    onCheck: (c) => {
      const fields = { model: c.model, version: c.version, windowRows: c.windowRows, driftedShare: c.report.driftedShare };
      if (c.report.datasetDrift) log.warn(fields, `data drift in scored chunks: ${c.report.driftedFeatures} of ${c.report.features.length} features moved away from the training profile`);
      else log.debug(fields, 'drift check: no data set drift');
    },
    onError: (error) => log.warn({ err: (error as Error).message }, 'live drift check failed'),
  }).start();
  const featureCount = model.signature.inputWidth;
  const scorer: RowScorer = {
    async score(features, rowCount) {
      const probabilities = await model.score(features, rowCount);
      // observe() never throws: a drift problem cannot fail a chunk.
      monitor.observe({ model: model.name, version: model.version, features, featureCount, rows: rowCount });
      return probabilities;
    },
  };
  return { scorer, monitor, stop: () => monitor.stop() };
}
