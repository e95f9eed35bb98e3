// Formats the evaluation of a run as plain-text tables: headline metrics vs baseline, per-class, confusion matrix.

import type { Evaluation } from '../metrics';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const f3 = (v: number): string => v.toFixed(3);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/**
 * The report printed after training, e.g.
 * ```
 *             model  majority (low)
 * accuracy    67.1%  47.9%
 * macro-F1    0.611  0.216
 * ```
 */
export function formatEvaluationReport(model: Evaluation, baseline: Evaluation & { predictedLabel: string }): string {
  const labels = model.perClass.map((m) => m.label);
  const headline = table([
    [`test split (${model.rows} rows)`, 'model', `majority baseline ("${baseline.predictedLabel}")`],
    ['accuracy', pct(model.accuracy), pct(baseline.accuracy)],
    ['macro-F1', f3(model.macroF1), f3(baseline.macroF1)],
  ]);
  const perClass = table([
    ['class', 'precision', 'recall', 'F1', 'support'],
    ...model.perClass.map((m) => [m.label, f3(m.precision), f3(m.recall), f3(m.f1), String(m.support)]),
  ]);
  const confusion = table([
    ['true \\ predicted', ...labels],
    ...model.confusionMatrix.map((row, i) => [labels[i]!, ...row.map(String)]),
  ]);
  return [headline, '', perClass, '', 'confusion matrix', confusion].join('\n');
}
