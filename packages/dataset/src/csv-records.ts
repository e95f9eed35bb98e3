// Reads a CSV stream into records (RFC 4180: quoted commas and newlines) with bounded records: unquoted records by hand, csv-parse from the first quote.

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
      if (input.readableEnded || input.destroyed || (await nextReadableEvent(input)) === 'end') break;
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

/** Resolves on the stream's next 'readable', or 'end' when it ends, closes or fails (the caller's listener keeps the failure). */
function nextReadableEvent(input: Readable): Promise<'readable' | 'end'> {
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
  const firstQuotedLine = yield* readUnquotedRecords(input, delimiter, maxRecordSize, maxColumns);
  if (firstQuotedLine !== undefined) yield* parseRecords(input, delimiter, maxRecordSize, maxColumns, firstQuotedLine);
}

/**
 * The fast path: records without a quote character (nearly every data file) are split on the delimiter and
 * newlines by hand, which is exactly RFC 4180 for them and about six times faster than csv-parse. At the first
 * quote (or a lone carriage return, an old Mac line end), the rest of the input, from the start of that record,
 * is handed back for csv-parse ({@link parseRecords}).
 * @returns the line of that record, or `undefined` when the whole input was read here.
 */
async function* readUnquotedRecords(input: Readable, delimiter: string, maxRecordSize: number, maxColumns: number): AsyncGenerator<CsvRecord, number | undefined> {
  let failure: Error | undefined;
  const onInputError = (error: Error): void => void (failure ??= error);
  input.on('error', onInputError);
  let pending: Buffer = Buffer.alloc(0);
  let line = 1;
  let start = true;
  // Byte positions are safe in UTF-8: no byte of a multi-byte character is below 0x80.
  function* records(bytes: Buffer): Generator<CsvRecord> {
    for (const raw of bytes.toString('utf8').split('\n')) {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.length > maxRecordSize) throw new CsvRecordTooLargeError(line, maxRecordSize);
      const at = line++;
      if (text.trim() === '') continue;
      const cells = text.split(delimiter);
      if (cells.length > maxColumns) yield { line: at, problem: `${cells.length} cells, more than the ${maxColumns} allowed` };
      else yield { line: at, cells };
    }
  }
  try {
    for (;;) {
      const piece = input.read() as Buffer | string | null;
      if (piece === null) {
        if (failure !== undefined) throw failure;
        if (input.readableEnded || input.destroyed || (await nextReadableEvent(input)) === 'end') break;
        continue;
      }
      let bytes: Buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
      if (pending.length > 0) bytes = Buffer.concat([pending, bytes]);
      if (start) {
        if (bytes.length < 3 && !input.readableEnded) {
          pending = bytes;
          continue;
        }
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        start = false;
      }
      const special = firstSpecial(bytes);
      if (special >= 0) {
        const recordStart = bytes.lastIndexOf(10, special) + 1;
        if (recordStart > 0) yield* records(bytes.subarray(0, recordStart - 1));
        input.unshift(bytes.subarray(recordStart));
        return line;
      }
      const end = bytes.lastIndexOf(10);
      if (end >= 0) yield* records(bytes.subarray(0, end));
      pending = bytes.subarray(end + 1);
      if (pending.length > maxRecordSize) throw new CsvRecordTooLargeError(line, maxRecordSize);
    }
    if (failure !== undefined) throw failure;
    if (pending.length > 0) yield* records(pending);
    return undefined;
  } finally {
    input.off('error', onInputError);
  }
}

/** Index of the first quote, or of a carriage return not followed by a newline (the last byte is left for the next piece), or -1. */
function firstSpecial(bytes: Buffer): number {
  const quote = bytes.indexOf(34);
  let cr = bytes.indexOf(13);
  while (cr >= 0 && cr < bytes.length - 1 && bytes[cr + 1] === 10) cr = bytes.indexOf(13, cr + 2);
  if (cr === bytes.length - 1) cr = -1;
  if (quote < 0) return cr;
  return cr < 0 ? quote : Math.min(quote, cr);
}

/** csv-parse for the rest of the input from `firstLine` on: quoted fields, stray quotes, lone carriage returns. */
async function* parseRecords(input: Readable, delimiter: string, maxRecordSize: number, maxColumns: number, firstLine: number): AsyncGenerator<CsvRecord> {
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
      if (error?.code === 'CSV_MAX_RECORD_SIZE') throw new CsvRecordTooLargeError(firstLine - 1 + parser.info.lines, maxRecordSize);
      parser.push({ skipped: `cannot read this record: ${(error?.message ?? 'invalid CSV').replace(/^Invalid (Closing )?Quote[^:]*: /i, '')}`, line: firstLine - 1 + Number(error?.lines ?? parser.info.lines) });
    },
  });
  input.pipe(parser);
  const onInputError = (error: Error): void => void parser.destroy(error);
  input.on('error', onInputError);
  let failure: Error | undefined;
  parser.on('error', (error: Error) => (failure ??= error));
  // Lines are counted here (csv-parse's `info` option costs two thirds of its speed): a record takes one
  // line plus the newlines quoted inside it; an empty line comes as one empty cell.
  let nextLine = firstLine;
  try {
    // Records are taken in batches of what the parser holds (one await per batch, not per record).
    const items: (string[] | { skipped: string; line: number })[] = [];
    for (;;) {
      let item: unknown;
      while ((item = parser.read()) !== null) items.push(item as string[]);
      if (items.length === 0) {
        if (failure !== undefined) throw failure;
        if (parser.readableEnded || parser.destroyed || (await nextReadableEvent(parser)) === 'end') {
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
