// Draws the training curve (loss and validation loss per epoch) as a standalone SVG string, no dependencies.

import type { EpochLog } from './train-mlp';

/** Options of {@link trainingCurveSvg}. */
export interface CurveOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
  /** Epoch whose weights were kept (marked with a dashed line). */
  readonly bestEpoch?: number;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Returns an SVG with two polylines (loss, val loss) over epochs, axes with ticks, and a legend.
 * @example await writeFile('training-curve.svg', trainingCurveSvg(result.history, { bestEpoch: 42 }));
 */
export function trainingCurveSvg(history: readonly EpochLog[], options: CurveOptions = {}): string {
  const { width = 640, height = 360, title = 'Training curve', bestEpoch } = options;
  const pad = { left: 56, right: 16, top: 36, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = history.flatMap((h) => [h.loss, h.valLoss]).filter(Number.isFinite);
  const yMax = values.length ? Math.max(...values) * 1.05 : 1;
  const yMin = values.length ? Math.min(0, Math.min(...values)) : 0;
  const last = Math.max(1, history.length);
  const x = (epoch: number): number => pad.left + (last === 1 ? 0 : ((epoch - 1) / (last - 1)) * plotW);
  const y = (v: number): number => pad.top + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH;
  const line = (pick: (h: EpochLog) => number): string =>
    history.filter((h) => Number.isFinite(pick(h))).map((h) => `${x(h.epoch).toFixed(1)},${y(pick(h)).toFixed(1)}`).join(' ');
  const yTicks = Array.from({ length: 5 }, (_, i) => yMin + ((yMax - yMin) * i) / 4);
  const xTicks = Array.from(new Set(Array.from({ length: 6 }, (_, i) => Math.round(1 + ((last - 1) * i) / 5))));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" stroke="#333"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" stroke="#333"/>`,
    ...yTicks.map((v) => `<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text><line x1="${pad.left}" y1="${y(v)}" x2="${pad.left + plotW}" y2="${y(v)}" stroke="#eee"/>`),
    ...xTicks.map((e) => `<text x="${x(e)}" y="${pad.top + plotH + 16}" text-anchor="middle">${e}</text>`),
    `<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle">epoch</text>`,
    `<text x="14" y="${pad.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${pad.top + plotH / 2})">cross-entropy loss</text>`,
  ];
  if (bestEpoch !== undefined && bestEpoch >= 1) {
    parts.push(`<line x1="${x(bestEpoch)}" y1="${pad.top}" x2="${x(bestEpoch)}" y2="${pad.top + plotH}" stroke="#999" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(bestEpoch) + 4}" y="${pad.top + 12}" fill="#666">best epoch ${bestEpoch}</text>`);
  }
  parts.push(
    `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line((h) => h.loss)}"/>`,
    `<polyline fill="none" stroke="#ff7f0e" stroke-width="2" points="${line((h) => h.valLoss)}"/>`,
    `<rect x="${pad.left + plotW - 130}" y="${pad.top + 6}" width="124" height="40" fill="white" stroke="#ccc"/>`,
    `<line x1="${pad.left + plotW - 122}" y1="${pad.top + 20}" x2="${pad.left + plotW - 100}" y2="${pad.top + 20}" stroke="#1f77b4" stroke-width="2"/>`,
    `<text x="${pad.left + plotW - 94}" y="${pad.top + 24}">loss</text>`,
    `<line x1="${pad.left + plotW - 122}" y1="${pad.top + 36}" x2="${pad.left + plotW - 100}" y2="${pad.top + 36}" stroke="#ff7f0e" stroke-width="2"/>`,
    `<text x="${pad.left + plotW - 94}" y="${pad.top + 40}">validation loss</text>`,
    `</svg>`,
  );
  return `${parts.join('\n')}\n`;
}
