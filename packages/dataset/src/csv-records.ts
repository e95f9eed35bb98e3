// Reads an uploaded CSV stream into records with csv-parse (RFC 4180: quoted commas and newlines), with bounded records.

import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';

/** Limits of {@link readCsvRecords}. */
export interface CsvRecordLimits {
  /** Longest record in characters; a longer one stops the upload (HTTP 413). @defaultValue 65536 (64 KB) */
  readonly maxRecordSize?: number;
  /** Most cells in a record; more is a row error (or a 400 for the header). @defaultValue 1000 */
  readonly maxColumns?: number;
}

/** Default {@link CsvRecordLimits.maxRecordSize}: 64 KB, ~500 times a wine line. */
export const DEFAULT_MAX_RECORD_SIZE = 64 * 1024;
/** Default {@link CsvRecordLimits.maxColumns}. */
export const DEFAULT_MAX_COLUMNS = 1000;

/** One CSV record: its cells and the line it starts on (1-based), or why it could not be read. */
export type CsvRecord = { readonly line: number; readonly cells: string[]; readonly problem?: undefined } | { readonly line: number; readonly cells?: undefined; readonly problem: string };

/** A record longer than the limit: the upload cannot go on (memory would grow with the line). */
export class CsvRecordTooLargeError extends Error {
  readonly code = 'CSV_RECORD_TOO_LARGE';
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`the record at line ${line} is longer than ${limit} characters (a line without its newline, or an unclosed quote?); records of this upload are limited to ${limit} characters`);
    this.name = 'CsvRecordTooLargeError';
  }
}

/** Resolves on the parser's next 'readable', 'end' or 'close' (errors are caught by the caller's listener). */
function nextEvent(parser: Readable): Promise<'readable' | 'end'> {
  return new Promise((resolve) => {
    const done = (event: 'readable' | 'end'): void => {
      parser.off('readable', onReadable).off('end', onEnd).off('close', onEnd);
      resolve(event);
    };
    const onReadable = (): void => done('readable');
    const onEnd = (): void => done('end');
    parser.once('readable', onReadable).once('end', onEnd).once('close', onEnd);
  });
}

/**
 * The delimiter of the upload, from its first line, by the rule of `splitCsvHeader`: `,`, or the `;` of the
 * original UCI download when that line has no comma. The bytes read are put back into `input`.
 */
async function sniffDelimiter(input: Readable, maxRecordSize: number): Promise<',' | ';'> {
  const pieces: Buffer[] = [];
  let size = 0;
  for (;;) {
    const piece = input.read() as Buffer | string | null;
    if (piece === null) {
      if (input.readableEnded || input.destroyed || (await nextInputEvent(input)) === 'end') break;
      continue;
    }
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    pieces.push(bytes);
    size += bytes.length;
    if (bytes.includes(10) || size > maxRecordSize) break;
  }
  const head = Buffer.concat(pieces);
  if (head.length > 0) input.unshift(head);
  const newline = head.indexOf(10);
  const firstLine = head.subarray(0, newline < 0 ? head.length : newline).toString('utf8');
  return firstLine.includes(',') || !firstLine.includes(';') ? ',' : ';';
}

/** Resolves on the input's next 'readable', or 'end' when it ends, closes or fails (the failure surfaces later). */
function nextInputEvent(input: Readable): Promise<'readable' | 'end'> {
  return new Promise((resolve) => {
    const done = (event: 'readable' | 'end'): void => {
      input.off('readable', onReadable).off('end', onEnd).off('close', onEnd).off('error', onEnd);
      resolve(event);
    };
    const onReadable = (): void => done('readable');
    const onEnd = (): void => done('end');
    input.once('readable', onReadable).once('end', onEnd).once('close', onEnd).once('error', onEnd);
  });
}

function newlinesIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Reads CSV records from `input` (bytes, UTF-8): `,` delimited, or `;` when the first line has no comma, byte-order mark skipped, quoted fields
 * may hold delimiters, quotes (`""`) and newlines, empty lines are skipped. A record with a quoting error
 * becomes `{ line, problem }` and reading goes on; a record over `maxRecordSize` throws
 * {@link CsvRecordTooLargeError} after at most that many characters were held. The input is not drained.
 */
export async function* readCsvRecords(input: Readable, limits: CsvRecordLimits = {}): AsyncGenerator<CsvRecord> {
  const maxRecordSize = limits.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
  const maxColumns = limits.maxColumns ?? DEFAULT_MAX_COLUMNS;
  const delimiter = await sniffDelimiter(input, maxRecordSize);
  const parser = parse({
    delimiter,
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A stray quote inside a field is kept as text (the cell is then not a number: a row error), not a parse error.
    relax_quotes: true,
    skip_records_with_error: true,
    max_record_size: maxRecordSize,
    // Skipped records come in order with the others; an over-long record stops the parser (csv-parse drops
    // the rest of its buffer when it skips one).
    on_skip: (error: CsvError | undefined) => {
      if (error?.code === 'CSV_MAX_RECORD_SIZE') throw new CsvRecordTooLargeError(parser.info.lines, maxRecordSize);
      parser.push({ skipped: `cannot read this record: ${(error?.message ?? 'invalid CSV').replace(/^Invalid (Closing )?Quote[^:]*: /i, '')}`, line: error?.lines ?? parser.info.lines });
    },
  });
  input.pipe(parser);
  const onInputError = (error: Error): void => void parser.destroy(error);
  input.on('error', onInputError);
  let failure: Error | undefined;
  parser.on('error', (error: Error) => (failure ??= error));
  // Lines are counted here (csv-parse's `info` option costs two thirds of its speed): a record takes one
  // line plus the newlines quoted inside it; an empty line comes as one empty cell.
  let nextLine = 1;
  try {
    // Records are taken in batches of what the parser holds (one await per batch, not per record).
    const items: (string[] | { skipped: string; line: number })[] = [];
    for (;;) {
      let item: unknown;
      while ((item = parser.read()) !== null) items.push(item as string[]);
      if (items.length === 0) {
        if (failure !== undefined) throw failure;
        if (parser.readableEnded || parser.destroyed || (await nextEvent(parser)) === 'end') {
          if (failure !== undefined) throw failure;
          break;
        }
        continue;
      }
      for (const item of items) {
        if (!Array.isArray(item)) {
          yield { line: item.line, problem: item.skipped };
          continue;
        }
        const line = nextLine;
        nextLine += 1 + newlinesIn(item);
        if (item.length === 1 && item[0]!.trim() === '') continue;
        if (item.length > maxColumns) yield { line, problem: `${item.length} cells, more than the ${maxColumns} allowed` };
        else yield { line, cells: item };
      }
      items.length = 0;
    }
  } catch (error) {
    if (error instanceof CsvRecordTooLargeError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof CsvRecordTooLargeError) throw cause;
    throw error;
  } finally {
    input.off('error', onInputError);
    input.unpipe(parser);
    parser.destroy();
  }
}
