// Profiles each raw feature of the training split (range, moments, quantiles, histogram): the drift reference.

import type { FeatureProfile } from '@mlops/model-store';

/** Linear-interpolated quantile of sorted values (like numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Equal-width histogram over [min, max]; the last bin includes max. */
export function histogram(values: readonly number[], min: number, max: number, bins: number): { edges: number[]; counts: number[] } {
  const width = max > min ? (max - min) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))]!++;
  return { edges, counts };
}

const round = (v: number): number => Number(v.toPrecision(8));

/**
 * Profiles every column of `rows` (raw, unstandardised values).
 * @param bins histogram bins per feature. @defaultValue 20
 */
export function profileFeatures(rows: readonly (readonly number[])[], names: readonly string[], keys: readonly string[], bins = 20): FeatureProfile[] {
  return names.map((name, j) => {
    const values = rows.map((r) => r[j]!);
    const sorted = values.slice().sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    const min = sorted[0]!;
    const max = sorted.at(-1)!;
    const q = (p: number): number => round(quantile(sorted, p));
    const hist = histogram(values, min, max, bins);
    return {
      name,
      key: keys[j] ?? name,
      min,
      max,
      mean: round(mean),
      std: round(std),
      quantiles: { p1: q(0.01), p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99) },
      histogram: { edges: hist.edges.map(round), counts: hist.counts },
    };
  });
}
