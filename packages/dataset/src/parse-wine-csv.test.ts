// Tests of the in-memory CSV parser: header checks, column order, and errors that name line and column.

import { describe, expect, it } from 'vitest';
import { CsvFormatError } from './csv-format-error';
import { FEATURE_NAMES } from './feature-schema';
import { parseNumberCell, parseWineCsvText, splitCsvHeader, unquoteCell } from './parse-wine-csv';

const HEADER = [...FEATURE_NAMES, 'quality'].join(',');
const ROW = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,5';

function formatError(run: () => unknown): CsvFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('parseWineCsvText', () => {
  it('reads rows into 11 features in model order and a quality score', () => {
    const { rows } = parseWineCsvText(`${HEADER}\n${ROW}\n\n`);
    expect(rows).toEqual([{ features: [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4], quality: 5 }]);
  });

  it('reorders columns by header name when the file has another order', () => {
    const names = ['quality', ...FEATURE_NAMES.slice().reverse()];
    const cells = ['6', ...ROW.split(',').slice(0, 11).reverse()];
    const { rows } = parseWineCsvText(`${names.join(',')}\n${cells.join(',')}`);
    expect(rows[0]).toEqual({ features: [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4], quality: 6 });
  });

  it('accepts the semicolons and quoted header of the original UCI download', () => {
    const header = [...FEATURE_NAMES, 'quality'].map((n) => `"${n}"`).join(';');
    const { rows } = parseWineCsvText(`${header}\r\n${ROW.replaceAll(',', ';')}\r\n`);
    expect(rows[0]?.quality).toBe(5);
  });

  it('names the missing column', () => {
    const error = formatError(() => parseWineCsvText(HEADER.replace('chlorides,', '') + '\n', 'bad.csv'));
    expect(error.code).toBe('CSV_MISSING_COLUMN');
    expect(error.message).toMatch(/^bad\.csv line 1, column "chlorides"/);
  });

  it('names line and column of a cell that is not a number', () => {
    const error = formatError(() => parseWineCsvText(`${HEADER}\n${ROW}\n${ROW.replace('3.51', 'abc')}`, 'bad.csv'));
    expect(error).toMatchObject({ code: 'CSV_NOT_A_NUMBER', line: 3, column: 'pH' });
    expect(error.message).toBe('bad.csv line 3, column "pH": "abc" is not a number');
  });

  it('rejects an empty cell as not a number', () => {
    const error = formatError(() => parseWineCsvText(`${HEADER}\n${ROW.replace(/,5$/, ',')}`));
    expect(error).toMatchObject({ code: 'CSV_NOT_A_NUMBER', line: 2, column: 'quality' });
  });

  it('names the line with the wrong number of cells', () => {
    const error = formatError(() => parseWineCsvText(`${HEADER}\n${ROW},1\n`, 'bad.csv'));
    expect(error).toMatchObject({ code: 'CSV_COLUMN_COUNT', line: 2 });
    expect(error.message).toContain('expected 12 cells like the header, found 13');
  });

  it('rejects an empty file', () => {
    expect(formatError(() => parseWineCsvText('', 'empty.csv')).message).toBe('empty.csv line 1: the file is empty; expected a header line');
  });

  it('rejects a header that names a column twice', () => {
    expect(formatError(() => parseWineCsvText(`${HEADER},pH\n`)).code).toBe('CSV_DUPLICATE_COLUMN');
  });
});

describe('parseNumberCell', () => {
  it.each([
    ['7.4', 7.4],
    ['"7.4"', 7.4],
    [' " 3.51 " ', 3.51],
    ['-0.5', -0.5],
    ['+2', 2],
    ['.5', 0.5],
    ['1e3', 1000],
    ['0', 0],
    ['0.076', 0.076],
    ['05', 5],
  ])('reads the decimal number %s as %s', (cell, value) => {
    expect(parseNumberCell(cell)).toBe(value);
  });

  it.each(['', '  ', '""', '0x10', '0X10', '0o17', '0b11', 'Infinity', '-Infinity', 'NaN', 'abc', '1,5', '3.51.2', '"7.4'])('refuses %j', (cell) => {
    expect(parseNumberCell(cell)).toBeUndefined();
  });
});

describe('CSV cells and headers', () => {
  it('accepts quoted numbers in data lines and refuses hexadecimal ones', () => {
    expect(parseWineCsvText(`${HEADER}
${ROW.replace('3.51', '"3.51"')}`).rows[0]?.features[8]).toBe(3.51);
    const error = formatError(() => parseWineCsvText(`${HEADER}
${ROW.replace('11,', '0x10,')}`, 'hex.csv'));
    expect(error.message).toBe('hex.csv line 2, column "free sulfur dioxide": "0x10" is not a number');
  });

  it('splits a header with a byte-order mark, semicolons and quotes', () => {
    expect(splitCsvHeader('\uFEFF"fixed acidity";"pH"\r')).toEqual({ delimiter: ';', cells: ['fixed acidity', 'pH'] });
    expect(unquoteCell(' "pH" ')).toBe('pH');
  });
});
