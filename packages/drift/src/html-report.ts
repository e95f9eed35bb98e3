// A self-contained HTML drift report: verdict banner, ranked table, one inline SVG histogram per feature.

import type { DriftReport } from './dataset-drift';
import { formatScore, verdictLine } from './format-table';
import { CURRENT_COLOR, REFERENCE_COLOR, histogramSvg } from './histogram-svg';

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Names shown in the report's title. */
export interface ReportLabels {
  readonly reference: string;
  readonly current: string;
  /** When the report was made, ISO 8601. @defaultValue now */
  readonly generatedAt?: string;
}

const STYLE = `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1240px}
h1{font-size:20px;margin:0 0 4px}.sub{color:#666;margin:0 0 16px}
.verdict{padding:14px 18px;border-radius:6px;font-size:20px;font-weight:700;margin-bottom:18px}
.drift{background:#fde2e1;color:#a4161a;border:2px solid #e5383b}.ok{background:#e3f6e8;color:#1b5e20;border:2px solid #4caf50}
table{border-collapse:collapse;margin-bottom:22px}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
th:nth-child(-n+2),td:first-child,td.t{text-align:left}tr.d td:first-child{font-weight:700}
.yes{color:#a4161a;font-weight:700}.no{color:#1b5e20}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:14px}
.card{border:1px solid #ddd;border-radius:6px;padding:10px}.card h2{font-size:15px;margin:0 0 4px}
.card p{margin:0 0 6px;color:#444;font-size:12px}.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}`;

/**
 * Renders the report as one HTML file: no script, no CDN, no network; readable at a glance.
 * @example writeFileSync('report.html', renderHtmlReport(report, { reference: 'red.csv', current: 'white.csv' }))
 */
export function renderHtmlReport(report: DriftReport, labels: ReportLabels): string {
  const rows = report.features
    .map((f, rank) => `<tr class="${f.drifted ? 'd' : ''}"><td>${rank + 1}. ${escapeHtml(f.feature)}</td><td class="t">${f.test === 'ks' ? 'KS p-value' : 'Wasserstein (norm.)'}</td><td>${formatScore(f.score)}</td><td>${f.test === 'ks' ? '&lt;' : '&gt;'} ${f.threshold}</td><td class="${f.drifted ? 'yes' : 'no'}">${f.drifted ? 'DRIFT' : 'no'}</td><td>${formatScore(f.statistic)}</td><td>${formatScore(f.psi)}</td><td>${formatScore(f.jensenShannon)}</td></tr>`)
    .join('\n');
  const cards = report.features
    .map((f, rank) => {
      const h = f.histogram;
      return `<div class="card"><h2>${rank + 1}. ${escapeHtml(f.feature)} <span class="${f.drifted ? 'yes' : 'no'}">${f.drifted ? 'DRIFT' : 'no drift'}</span></h2>
<p>${f.test === 'ks' ? `KS p-value ${formatScore(f.score)} (drift &lt; ${f.threshold})` : `Wasserstein (norm.) ${formatScore(f.score)} (drift &gt; ${f.threshold})`} · KS ${formatScore(f.statistic)} · PSI ${formatScore(f.psi)} · JS ${formatScore(f.jensenShannon)}</p>
${histogramSvg(h.edges, h.reference, h.current, `${f.feature}: reference vs current`)}</div>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drift report: ${escapeHtml(labels.current)} vs ${escapeHtml(labels.reference)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>Data drift: ${escapeHtml(labels.current)} against ${escapeHtml(labels.reference)}</h1>
<p class="sub">reference ${report.referenceRows} rows · current ${report.currentRows} rows · ${escapeHtml(labels.generatedAt ?? new Date().toISOString())}</p>
<div class="verdict ${report.datasetDrift ? 'drift' : 'ok'}" id="verdict">${escapeHtml(verdictLine(report))}</div>
<table><thead><tr><th>feature (ranked)</th><th>test</th><th>score</th><th>threshold</th><th>verdict</th><th>KS</th><th>PSI</th><th>JS</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Bars: share of rows per bin (${report.options.bins} equal-width bins over both samples) <span class="sw" style="background:${REFERENCE_COLOR}"></span>reference <span class="sw" style="background:${CURRENT_COLOR}"></span>current</p>
<div class="grid">
${cards}
</div>
</body></html>
`;
}
