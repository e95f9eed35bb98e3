// CsvFormatError: the one error a malformed Wine Quality CSV raises, naming the file, line and column to fix.

/** Stable codes for the ways a wine CSV can be malformed. */
export type CsvFormatErrorCode =
  | 'CSV_EMPTY'
  | 'CSV_MISSING_COLUMN'
  | 'CSV_DUPLICATE_COLUMN'
  | 'CSV_COLUMN_COUNT'
  | 'CSV_NOT_A_NUMBER'
  | 'CSV_UNREADABLE_RECORD'
  | 'CSV_RECORD_TOO_LARGE';

/** Where in the file the problem is. `line` is 1-based (the header is line 1). */
export interface CsvLocation {
  readonly file: string;
  readonly line: number;
  /** Column name (or 1-based position when the name is unknown). */
  readonly column?: string | undefined;
}

/**
 * A CSV that cannot be read as Wine Quality rows. The message names file, line and column, e.g.
 * `winequality-red.csv line 17, column "pH": "3,51" is not a number`.
 */
export class CsvFormatError extends Error {
  readonly code: CsvFormatErrorCode;
  readonly file: string;
  readonly line: number;
  readonly column: string | undefined;

  constructor(code: CsvFormatErrorCode, where: CsvLocation, problem: string, options?: ErrorOptions) {
    const col = where.column === undefined ? '' : `, column "${where.column}"`;
    super(`${where.file} line ${where.line}${col}: ${problem}`, options);
    this.name = 'CsvFormatError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}
