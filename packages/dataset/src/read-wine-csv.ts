// Streams Wine Quality CSV files from disk into typed rows, without holding the file text in memory.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvFormatError } from './csv-format-error';
import { CsvRecordTooLargeError, readCsvRecords } from './csv-records';
import { parseWineCsvCells, parseWineCsvHeaderCells, type WineCsvHeader, type WineRow } from './parse-wine-csv';
import { wineCsvPath, type WineColor } from './paths';

/**
 * Reads a CSV lazily, one row at a time: memory stays flat for files of any size.
 * The header is checked before the first row is yielded.
 * @throws CsvFormatError (file, line, column) on the first malformed line.
 * @example for await (const row of streamWineCsv(RED_WINE_CSV)) total += row.quality;
 */
export async function* streamWineCsv(path: string): AsyncGenerator<WineRow, void, undefined> {
  const file = basename(path);
  const input = createReadStream(path);
  let header: WineCsvHeader | undefined;
  try {
    // The same RFC 4180 reader and record limit as batch uploads (quoted fields, at most 64 KB held per record).
    for await (const record of readCsvRecords(input)) {
      if (record.problem !== undefined) throw new CsvFormatError('CSV_UNREADABLE_RECORD', { file, line: record.line }, record.problem);
      if (header === undefined) header = parseWineCsvHeaderCells(record.cells, file);
      else yield parseWineCsvCells(record.cells, header, file, record.line);
    }
  } catch (error) {
    if (error instanceof CsvRecordTooLargeError) throw new CsvFormatError('CSV_RECORD_TOO_LARGE', { file, line: error.line }, error.message.replace(/^the record at line \d+ is/, 'the record is'), { cause: error });
    throw error;
  } finally {
    input.destroy();
  }
  if (header === undefined) throw new CsvFormatError('CSV_EMPTY', { file, line: 1 }, 'the file is empty; expected a header line');
}

/**
 * Reads a whole CSV file into memory as typed rows (features in model order).
 * @throws CsvFormatError on a malformed file, or the fs error when it cannot be read.
 */
export async function readWineCsv(path: string): Promise<WineRow[]> {
  const rows: WineRow[] = [];
  for await (const row of streamWineCsv(path)) rows.push(row);
  return rows;
}

/**
 * Loads one of the bundled files.
 * @example const reds = await loadWines('red'); // 1599 rows
 */
export function loadWines(color: WineColor): Promise<WineRow[]> {
  return readWineCsv(wineCsvPath(color));
}
