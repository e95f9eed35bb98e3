// Parses uploaded CSV lines into the 11 model inputs: a header naming the columns, then one row per line.

import { CsvFormatError } from '@mlops/dataset/csv-format-error';
import { FEATURE_KEYS, FEATURE_NAMES } from '@mlops/dataset/feature-schema';
import { parseNumberCell, splitCsvHeader, unquoteCell } from '@mlops/dataset/parse-wine-csv';
import { MAX_QUOTED_CHARS, quoteText } from '@mlops/http-service/value-text';

/** A checked upload header: delimiter, cell count, and the file column of each model input. */
export interface CsvColumns {
  readonly delimiter: ',' | ';';
  readonly cellCount: number;
  /** `featureColumn[i]` is the file column of feature i (model order). */
  readonly featureColumn: readonly number[];
}

/**
 * Checks the header line of an upload: every feature must be there once, by CSV name (`fixed acidity`)
 * or JSON key (`fixedAcidity`), in any order; other columns (`quality`, ids) are ignored.
 * @throws CsvFormatError naming the missing column.
 */
export function parseCsvHeader(line: string, file = 'upload.csv'): CsvColumns {
  if (line.replace(/^\uFEFF/, '').trim() === '') throw new CsvFormatError('CSV_EMPTY', { file, line: 1 }, 'the first line is empty; expected a header naming the 11 feature columns');
  const { delimiter, cells } = splitCsvHeader(line);
  return columnsOf(cells, delimiter, file);
}

/**
 * Checks a header record already split into cells (by `readCsvRecords`); same rules as {@link parseCsvHeader}.
 * @throws CsvFormatError naming the missing column.
 */
export function parseCsvHeaderCells(cells: readonly string[], file = 'upload.csv'): CsvColumns {
  return columnsOf(cells.map((c) => c.trim()), ',', file);
}

function columnsOf(cells: readonly string[], delimiter: ',' | ';', file: string): CsvColumns {
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
 * Reads the cells of one data record (from `readCsvRecords`) into `out` (11 values, model order). Returns
 * `undefined` when the record is good, else what is wrong with it; same rules as {@link parseCsvRow}.
 */
export function parseCsvCells(cells: readonly string[], columns: CsvColumns, out: Float64Array): string | undefined {
  // A wrong cell count explains the other problems of the record, so it is reported first.
  if (cells.length !== columns.cellCount) return `expected ${columns.cellCount} cells like the header, found ${cells.length}`;
  const { featureColumn } = columns;
  for (let feature = 0; feature < featureColumn.length; feature++) {
    const raw = cells[featureColumn[feature]!]!;
    const value = parseNumberCell(raw);
    if (value === undefined) return cellProblem(raw, feature);
    out[feature] = value;
  }
  return undefined;
}

/**
 * Parses one data line into `out` (11 values, model order). Returns `undefined` when the line is
 * good, else what is wrong with it (the caller records it with the line number).
 */
export function parseCsvRow(line: string, columns: CsvColumns, out: Float64Array): string | undefined {
  // Hot path (hundreds of thousands of lines per second): scan with indexOf instead of split + trim.
  const { delimiter } = columns;
  const featureOf = featureByColumn(columns);
  let start = 0;
  let column = 0;
  let problem: string | undefined;
  for (;;) {
    let end = line.indexOf(delimiter, start);
    const last = end < 0;
    if (last) end = line.length;
    if (column < featureOf.length) {
      const feature = featureOf[column]!;
      if (feature >= 0) {
        const raw = line.slice(start, end);
        // The dataset's one rule for number cells: decimal only, quotes stripped, empty is missing (not 0).
        const value = parseNumberCell(raw);
        if (value === undefined) {
          problem ??= cellProblem(raw, feature);
        } else {
          out[feature] = value;
        }
      }
    }
    column++;
    if (last) break;
    start = end + 1;
  }
  // A wrong cell count explains the other problems of the line, so it is reported first.
  if (column !== columns.cellCount) return `expected ${columns.cellCount} cells like the header, found ${column}`;
  return problem;
}

/** Why `raw` (a cell of feature `feature`) is not a number: shown as sent, at most 100 characters of it. */
function cellProblem(raw: string, feature: number): string {
  const cell = unquoteCell(raw);
  const column = `column "${FEATURE_NAMES[feature]}"`;
  if (cell === '') return `${column} is empty`;
  // 1e400 is a decimal number, but beyond float range: say so, as sent, instead of "not a number".
  if (cell.length <= MAX_QUOTED_CHARS && Number.isNaN(Number(cell)) === false && !Number.isFinite(Number(cell))) return `${column}: ${cell} is not a finite number`;
  return `${column}: ${quoteText(cell)} is not a number`;
}

const featureMaps = new WeakMap<CsvColumns, Int8Array>();

/** For each file column, the feature it holds (-1 for ignored columns); cached per header. */
function featureByColumn(columns: CsvColumns): Int8Array {
  let map = featureMaps.get(columns);
  if (map === undefined) {
    map = new Int8Array(columns.cellCount).fill(-1);
    columns.featureColumn.forEach((column, feature) => (map![column] = feature));
    featureMaps.set(columns, map);
  }
  return map;
}
