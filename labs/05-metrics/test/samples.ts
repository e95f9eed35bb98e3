// Helpers of lab 05's tests: read one sample, a metric's type and its label names from a registry.

import type { Registry } from 'prom-client';

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** The value of the series `name` (`http_requests_total`, or `..._sum`, `..._bucket`) whose labels include `labels`. */
export async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as Sample[]) {
      if ((v.metricName ?? metric.name) === name && Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l)) return v.value;
    }
  }
  return undefined;
}

/** Every series of `name` as `label=value,...` strings with their values, for readable assertion messages. */
export async function series(registry: Registry, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as Sample[]) {
      if ((v.metricName ?? metric.name) !== name) continue;
      out.push(`${Object.entries(v.labels).map(([k, l]) => `${k}=${l}`).join(',')} ${v.value}`);
    }
  }
  return out;
}

/** How `name` is registered: its type and label names (undefined when it is not registered). */
export function described(registry: Registry, name: string): { type: string; labelNames: string[] } | undefined {
  const metric = registry.getSingleMetric(name) as unknown as { type?: string; labelNames?: string[]; constructor: { name: string } } | undefined;
  if (!metric) return undefined;
  return { type: metric.constructor.name.toLowerCase(), labelNames: [...(metric.labelNames ?? [])].sort() };
}
