// Plain-text tables: a header row, columns padded to their widest cell, numbers right-aligned.

const NUMERIC = /^-?[\d.,]+%?$/;

/**
 * Formats rows as a table; the first row is the header. Cells that look like numbers are right-aligned.
 * @example formatTable([['version', 'macro-F1'], ['1', '0.611']])
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((row, r) =>
      row
        .map((cell, c) => (r > 0 && NUMERIC.test(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A cell for a missing value. */
export const NONE = '-';

/** `2026-12-01T11:50:51.595Z` as `2026-12-01 11:50Z` (minutes are enough in a table). */
export function shortTime(iso: string | undefined): string {
  return iso === undefined ? NONE : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** `label  value` lines with the labels padded to the longest one (no header, nothing right-aligned). */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}
