// An inline SVG histogram of one feature, reference vs current bars on shared bins; no script, no external asset.

import { formatScore } from './format-table';

/** Colours of the two samples, also used in the report's legend. */
export const REFERENCE_COLOR = '#4c78a8';
export const CURRENT_COLOR = '#f58518';

/**
 * Side-by-side bars of the share of each sample per bin, with the first and last edge on the axis.
 * @param edges bin edges (bins + 1); @param reference shares per bin; @param current shares per bin.
 */
export function histogramSvg(edges: readonly number[], reference: readonly number[], current: readonly number[], label: string): string {
  const width = 380;
  const height = 150;
  const pad = { left: 34, right: 8, top: 8, bottom: 22 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const bins = reference.length;
  const top = Math.max(...reference, ...current, 1e-9);
  const slot = plotW / bins;
  const bar = (slot - 2) / 2;
  const rects: string[] = [];
  for (let k = 0; k < bins; k++) {
    const x = pad.left + k * slot + 1;
    for (const [i, share, color] of [[0, reference[k]!, REFERENCE_COLOR], [1, current[k]!, CURRENT_COLOR]] as const) {
      const h = (share / top) * plotH;
      rects.push(`<rect x="${(x + i * bar).toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${i === 0 ? 'reference' : 'current'} ${(share * 100).toFixed(1)}%</title></rect>`);
    }
  }
  const axisY = pad.top + plotH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">`,
    `<line x1="${pad.left}" y1="${axisY}" x2="${width - pad.right}" y2="${axisY}" stroke="#999"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" font-size="10" text-anchor="end" fill="#666">${Math.round(top * 100)}%</text>`,
    `<text x="${pad.left - 4}" y="${axisY}" font-size="10" text-anchor="end" fill="#666">0</text>`,
    ...rects,
    `<text x="${pad.left}" y="${height - 6}" font-size="10" fill="#666">${formatScore(edges[0]!)}</text>`,
    `<text x="${width - pad.right}" y="${height - 6}" font-size="10" text-anchor="end" fill="#666">${formatScore(edges[edges.length - 1]!)}</text>`,
    '</svg>',
  ].join('');
}
