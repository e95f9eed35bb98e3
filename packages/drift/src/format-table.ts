// The plain-text table of a drift report: feature, test, score, threshold, drifted, ranked; then the verdict.

import type { DriftReport } from './dataset-drift';

/** Formats a number for people: 4 significant digits, scientific below 1e-4. */
export function formatScore(x: number): string {
  if (x === 0) return '0';
  return Math.abs(x) < 1e-4 ? x.toExponential(2) : Number(x.toPrecision(4)).toString();
}

/** One line per data set verdict, e.g. `DATASET DRIFT: 11 of 11 features drifted (100%, threshold 50%)`. */
export function verdictLine(report: DriftReport): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const head = report.datasetDrift ? 'DATASET DRIFT' : 'NO DATASET DRIFT';
  return `${head}: ${report.driftedFeatures} of ${report.features.length} features drifted (${pct(report.driftedShare)}, threshold ${pct(report.options.datasetShare)})`;
}

/** The table printed by the CLI, ranked as in the report, with KS statistic, PSI and JS for context. */
export function formatDriftTable(report: DriftReport): string {
  const header = ['feature', 'test', 'score', 'threshold', 'drifted', 'ks', 'psi', 'js'];
  const rows = report.features.map((f) => [
    f.feature,
    f.test === 'ks' ? 'ks p-value' : 'wasserstein (norm)',
    formatScore(f.score),
    `${f.test === 'ks' ? '<' : '>'} ${f.threshold}`,
    f.drifted ? 'yes' : 'no',
    formatScore(f.statistic),
    formatScore(f.psi),
    formatScore(f.jensenShannon),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]): string => cells.map((c, k) => c.padEnd(widths[k]!)).join('  ').trimEnd();
  return [
    `reference ${report.referenceRows} rows, current ${report.currentRows} rows`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    verdictLine(report),
  ].join('\n');
}
