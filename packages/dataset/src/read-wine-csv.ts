// Streams Wine Quality CSV files from disk into typed rows, without holding the file text in memory.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { CsvFormatError } from './csv-format-error';
import { parseWineCsvHeader, parseWineCsvLine, type WineCsvHeader, type WineRow } from './parse-wine-csv';
import { wineCsvPath, type WineColor } from './paths';

/**
 * Reads a CSV lazily, one row at a time: memory stays flat for files of any size.
 * The header is checked before the first row is yielded.
 * @throws CsvFormatError (file, line, column) on the first malformed line.
 * @example for await (const row of streamWineCsv(RED_WINE_CSV)) total += row.quality;
 */
export async function* streamWineCsv(path: string): AsyncGenerator<WineRow, void, undefined> {
  const file = basename(path);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let header: WineCsvHeader | undefined;
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (header === undefined) {
        header = parseWineCsvHeader(line, file);
      } else if (line.trim() !== '') {
        yield parseWineCsvLine(line, header, file, lineNumber);
      }
    }
  } finally {
    lines.close();
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
