// Parses Wine Quality CSV text line by line into typed rows: header check, numeric cells, model column order.

import { CsvFormatError } from './csv-format-error';
import { FEATURE_NAMES, TARGET_NAME } from './feature-schema';

/** One wine: the 11 inputs in model order (see `FEATURE_NAMES`) and the sensory quality score. */
export interface WineRow {
  readonly features: number[];
  readonly quality: number;
}

/** A checked header: the delimiter and, for each model input, its column index in the file. */
export interface WineCsvHeader {
  readonly delimiter: ',' | ';';
  /** Column names as they appear in the file (quotes removed). */
  readonly columns: readonly string[];
  /** `featureIndex[i]` is the file column of `FEATURE_NAMES[i]`. */
  readonly featureIndex: readonly number[];
  readonly qualityIndex: number;
}

const unquote = (cell: string): string => cell.trim().replace(/^"(.*)"$/, '$1');

/**
 * Checks a header line: every feature column and `quality` must be present once (any order, extra
 * columns ignored). Accepts `,` or the `;` of the original UCI download.
 * @throws CsvFormatError naming the missing or duplicated column.
 */
export function parseWineCsvHeader(text: string, file: string): WineCsvHeader {
  const line = text.replace(/^\uFEFF/, '').trimEnd();
  if (line.trim() === '') throw new CsvFormatError('CSV_EMPTY', { file, line: 1 }, 'the file is empty; expected a header line');
  const delimiter = line.includes(',') || !line.includes(';') ? ',' : ';';
  const columns = line.split(delimiter).map(unquote);
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      throw new CsvFormatError('CSV_DUPLICATE_COLUMN', { file, line: 1, column: name }, 'the column appears twice in the header');
    }
    seen.add(name);
  }
  const indexOf = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) {
      throw new CsvFormatError(
        'CSV_MISSING_COLUMN',
        { file, line: 1, column: name },
        `the header has no such column; expected ${[...FEATURE_NAMES, TARGET_NAME].map((n) => `"${n}"`).join(', ')}`,
      );
    }
    return index;
  };
  return { delimiter, columns, featureIndex: FEATURE_NAMES.map(indexOf), qualityIndex: indexOf(TARGET_NAME) };
}

/**
 * Parses one data line against a checked header.
 * @param lineNumber 1-based line number in the file, for error messages.
 * @throws CsvFormatError on a wrong number of cells or a cell that is not a finite number.
 */
export function parseWineCsvLine(text: string, header: WineCsvHeader, file: string, lineNumber: number): WineRow {
  const cells = text.trimEnd().split(header.delimiter);
  if (cells.length !== header.columns.length) {
    throw new CsvFormatError(
      'CSV_COLUMN_COUNT',
      { file, line: lineNumber },
      `expected ${header.columns.length} cells like the header, found ${cells.length}`,
    );
  }
  const numberAt = (index: number): number => {
    const raw = cells[index]!.trim();
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      throw new CsvFormatError('CSV_NOT_A_NUMBER', { file, line: lineNumber, column: header.columns[index] }, `"${raw}" is not a number`);
    }
    return value;
  };
  return { features: header.featureIndex.map(numberAt), quality: numberAt(header.qualityIndex) };
}

/**
 * Parses a whole CSV held in memory (tests, uploads). Blank lines are skipped.
 * @param file name used in error messages.
 * @example parseWineCsvText(text, 'upload.csv').rows.length
 */
export function parseWineCsvText(text: string, file = '<text>'): { header: WineCsvHeader; rows: WineRow[] } {
  const lines = text.split(/\r?\n/);
  const header = parseWineCsvHeader(lines[0] ?? '', file);
  const rows: WineRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== '') rows.push(parseWineCsvLine(line, header, file, i + 1));
  }
  return { header, rows };
}
