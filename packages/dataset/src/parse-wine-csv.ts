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

/**
 * A cell without surrounding whitespace and one pair of double quotes: `' "pH" '` is `pH`.
 * @example unquoteCell('"7.4"') // '7.4'
 */
export function unquoteCell(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/**
 * Splits a header line: byte-order mark removed, delimiter sniffed (`,`, or the `;` of the original UCI
 * download when the line has no comma), cells unquoted.
 * @example splitCsvHeader('"fixed acidity";"pH"') // { delimiter: ';', cells: ['fixed acidity', 'pH'] }
 */
export function splitCsvHeader(text: string): { delimiter: ',' | ';'; cells: string[] } {
  const line = text.replace(/^\uFEFF/, '').trimEnd();
  const delimiter = line.includes(',') || !line.includes(';') ? ',' : ';';
  return { delimiter, cells: line.split(delimiter).map(unquoteCell) };
}

/**
 * Reads one CSV cell as a decimal number, the one rule for every CSV reader of the repository:
 * whitespace and one pair of quotes are stripped (`"7.4"` is 7.4); `1e3`, `.5` and `+2` are fine;
 * empty cells, hexadecimal (`0x10`), octal or binary literals, `Infinity` and anything else are not.
 * @returns the number, or `undefined` when the cell is not a finite decimal number.
 * @example parseNumberCell(' "3.51" ') // 3.51
 */
export function parseNumberCell(cell: string): number | undefined {
  let text = cell;
  const first = text.charCodeAt(0);
  // Fast path for the usual bare number; anything with quotes or spaces at the ends is unquoted first.
  if (first === 34 /* " */ || first === 32 || first === 9 || text.charCodeAt(text.length - 1) <= 34) text = unquoteCell(text);
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  // Number() also reads 0x10, 0o17 and 0b11: refuse a 0 followed by x, o or b (any case).
  if (text.charCodeAt(0) === 48 /* 0 */ && text.length > 1) {
    const c1 = text.charCodeAt(1) | 32;
    if (c1 === 120 /* x */ || c1 === 111 /* o */ || c1 === 98 /* b */) return undefined;
  }
  return value;
}

/**
 * Checks a header line: every feature column and `quality` must be present once (any order, extra
 * columns ignored). Accepts `,` or the `;` of the original UCI download.
 * @throws CsvFormatError naming the missing or duplicated column.
 */
export function parseWineCsvHeader(text: string, file: string): WineCsvHeader {
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new CsvFormatError('CSV_EMPTY', { file, line: 1 }, 'the file is empty; expected a header line');
  const { delimiter, cells } = splitCsvHeader(text);
  return wineHeaderOf(cells, delimiter, file);
}

/**
 * Checks a header record already split into cells (by `readCsvRecords`); same rules as {@link parseWineCsvHeader}.
 * @throws CsvFormatError naming the missing or duplicated column.
 */
export function parseWineCsvHeaderCells(cells: readonly string[], file: string): WineCsvHeader {
  return wineHeaderOf(cells.map((c) => c.trim()), ',', file);
}

function wineHeaderOf(columns: string[], delimiter: ',' | ';', file: string): WineCsvHeader {
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
  return parseWineCsvCells(text.trimEnd().split(header.delimiter), header, file, lineNumber);
}

/**
 * Parses the cells of one data record (from `readCsvRecords`) against a checked header; same rules as
 * {@link parseWineCsvLine}.
 * @throws CsvFormatError on a wrong number of cells or a cell that is not a finite number.
 */
export function parseWineCsvCells(cells: readonly string[], header: WineCsvHeader, file: string, lineNumber: number): WineRow {
  if (cells.length !== header.columns.length) {
    throw new CsvFormatError(
      'CSV_COLUMN_COUNT',
      { file, line: lineNumber },
      `expected ${header.columns.length} cells like the header, found ${cells.length}`,
    );
  }
  const numberAt = (index: number): number => {
    const value = parseNumberCell(cells[index]!);
    if (value === undefined) {
      throw new CsvFormatError('CSV_NOT_A_NUMBER', { file, line: lineNumber, column: header.columns[index] }, `"${unquoteCell(cells[index]!)}" is not a number`);
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
