// One prom-client Registry per process (or per test): the default Node.js metrics plus whatever the service adds.

import { collectDefaultMetrics, Registry } from 'prom-client';

/** prom-client default metrics that are gauges with a `_total` suffix (sums of their by-type siblings). */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Options of {@link createMetricsRegistry}. */
export interface MetricsRegistryOptions {
  /** Collect prom-client's default process and Node.js metrics (CPU, memory, event loop lag, GC). @defaultValue true */
  readonly defaultMetrics?: boolean;
  /** Labels added to every series of this registry, e.g. `{ service: 'api' }`. Keep them few and fixed. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A fresh registry. Nothing is registered in prom-client's global default registry, so two services (or two
 * tests) in one process never share or collide on metrics.
 * @example const registry = createMetricsRegistry(); const http = createHttpMetrics(registry);
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels({ ...options.labels });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters: promtool flags them, and PromQL users would rate() them. The same numbers
    // stay available by type in nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  }
  return registry;
}
