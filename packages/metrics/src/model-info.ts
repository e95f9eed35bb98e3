// model_info{name,version,sha256} = 1: which model build each process serves, for joins and dashboards.

import { Gauge, type Registry } from 'prom-client';

/** Identity of a served model version. */
export interface ModelIdentity {
  readonly name: string;
  readonly version: string;
  /** Checksum of the model file (from its manifest). */
  readonly sha256: string;
}

/** Sets which models this process serves. */
export interface ModelInfo {
  /** Replaces the served set: series of models no longer served disappear. */
  set(models: readonly ModelIdentity[]): void;
}

/**
 * Registers the `model_info` gauge (value 1 per served model version, the Prometheus "info" pattern).
 * @example createModelInfo(registry).set([{ name: 'wine-quality', version: '1', sha256 }]);
 */
export function createModelInfo(registry: Registry): ModelInfo {
  const gauge = new Gauge({ name: 'model_info', help: 'Model versions this process serves (value 1), with the checksum of the model file.', labelNames: ['name', 'version', 'sha256'], registers: [registry] });
  return {
    set(models) {
      gauge.reset();
      for (const m of models) gauge.set({ name: m.name, version: m.version, sha256: m.sha256 }, 1);
    },
  };
}
