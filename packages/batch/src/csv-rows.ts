// Parses uploaded CSV lines into the 11 model inputs: a header naming the columns, then one row per line.

import { CsvFormatError } from '@mlops/dataset/csv-format-error';
import { FEATURE_KEYS, FEATURE_NAMES } from '@mlops/dataset/feature-schema';

/** A checked upload header: delimiter, cell count, and the file column of each model input. */
export interface CsvColumns {
  readonly delimiter: ',' | ';';
  readonly cellCount: number;
  /** `featureColumn[i]` is the file column of feature i (model order). */
  readonly featureColumn: readonly number[];
}

const unquote = (cell: string): string => cell.trim().replace(/^"(.*)"$/, '$1');

/**
 * Checks the header line of an upload: every feature must be there once, by CSV name (`fixed acidity`)
 * or JSON key (`fixedAcidity`), in any order; other columns (`quality`, ids) are ignored.
 * @throws CsvFormatError naming the missing column.
 */
export function parseCsvHeader(line: string, file = 'upload.csv'): CsvColumns {
  const text = line.replace(/^\uFEFF/, '').trimEnd();
  if (text.trim() === '') throw new CsvFormatError('CSV_EMPTY', { file, line: 1 }, 'the first line is empty; expected a header naming the 11 feature columns');
  const delimiter = text.includes(',') || !text.includes(';') ? ',' : ';';
  const cells = text.split(delimiter).map(unquote);
  const featureColumn = FEATURE_NAMES.map((name, i) => {
    const index = cells.findIndex((c) => c === name || c === FEATURE_KEYS[i]);
    if (index < 0) {
      throw new CsvFormatError(
        'CSV_MISSING_COLUMN',
        { file, line: 1, column: name },
        `the header has no such column; it needs all of ${FEATURE_NAMES.map((n) => `"${n}"`).join(', ')}`,
      );
    }
    return index;
  });
  return { delimiter, cellCount: cells.length, featureColumn };
}

/**
 * Parses one data line into `out` (11 values, model order). Returns `undefined` when the line is
 * good, else what is wrong with it (the caller records it with the line number).
 */
export function parseCsvRow(line: string, columns: CsvColumns, out: Float64Array): string | undefined {
  const cells = line.split(columns.delimiter);
  if (cells.length !== columns.cellCount) return `expected ${columns.cellCount} cells like the header, found ${cells.length}`;
  for (let i = 0; i < columns.featureColumn.length; i++) {
    const raw = cells[columns.featureColumn[i]!]!;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) return `column "${FEATURE_NAMES[i]}": "${unquote(raw)}" is not a number`;
    out[i] = value;
  }
  return undefined;
}
