// The failures hash of a batch: one JSON record per row that could not be scored, written and read here only.

/** A failed row: 0-based row index in the batch, CSV line (absent for JSON rows) and what is wrong. */
export interface FailedRow {
  readonly row: number;
  readonly line?: number;
  readonly reason: string;
}

/**
 * The record of failed row `row` (its field in the failures hash is `String(row)`). `line` is the CSV
 * line, 0 for JSON rows (then omitted).
 * @example failureRecord(401, 403, '"pH" is 40, outside ...') // '{"row":401,"line":403,"reason":"..."}'
 */
export function failureRecord(row: number, line: number, reason: string): string {
  const record: FailedRow = line > 0 ? { row, line, reason } : { row, reason };
  return JSON.stringify(record);
}

/** Reads a record written by {@link failureRecord}. */
export function parseFailureRecord(text: string): FailedRow {
  return JSON.parse(text) as FailedRow;
}
