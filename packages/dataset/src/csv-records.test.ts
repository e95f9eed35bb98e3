// Unit tests of the upload record reader: RFC 4180 quoting, the unquoted fast path and its hand-over, line numbers, problems, the record limit.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvRecordTooLargeError, readCsvRecords, type CsvRecord } from './csv-records';

async function records(text: string, limits = {}, pieceSize = 7): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  // Pieces of 7 bytes by default: records and quotes cut across chunks.
  const pieces = Array.from({ length: Math.ceil(text.length / pieceSize) }, (_, i) => Buffer.from(text.slice(i * pieceSize, i * pieceSize + pieceSize)));
  for await (const record of readCsvRecords(Readable.from(pieces), limits)) out.push(record);
  return out;
}

describe('readCsvRecords', () => {
  it('keeps quoted commas, doubled quotes and newlines inside one record, numbered by its first line', async () => {
    expect(await records('a,b\n"Wine, red",7.4\n\n"two\nlines","say ""hi"""\r\nlast;1,2')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['Wine, red', '7.4'] },
      { line: 4, cells: ['two\nlines', 'say "hi"'] },
      { line: 6, cells: ['last;1', '2'] },
    ]);
  });

  it('reads the semicolons of the original UCI download when the first line has no comma', async () => {
    expect(await records('"fixed acidity";"pH"\n7,4;3.51\n')).toEqual([
      { line: 1, cells: ['fixed acidity', 'pH'] },
      { line: 2, cells: ['7,4', '3.51'] },
    ]);
  });

  it('reports an unclosed quote as a problem record instead of failing the upload', async () => {
    const out = await records('a,b\n1,2\n3,"open\n');
    expect(out[1]).toEqual({ line: 2, cells: ['1', '2'] });
    expect(out[2]?.problem).toMatch(/Quote Not Closed/);
  });

  it('stops at a record longer than the limit, naming its line and the limit', async () => {
    await expect(records(`a,b\n1,2\n${'x'.repeat(300)}\n3,4\n`, { maxRecordSize: 100 })).rejects.toThrow(CsvRecordTooLargeError);
    await expect(records(`a,b\n1,2\n${'x'.repeat(300)}\n`, { maxRecordSize: 100 })).rejects.toThrow('the record at line 3 is longer than 100 characters');
  });

  it('turns a record with more cells than allowed into a problem', async () => {
    expect((await records('a,b\n1,2,3,4\n', { maxColumns: 3 }))[1]).toEqual({ line: 2, problem: '4 cells, more than the 3 allowed' });
  });

  describe('the fast path for records without quotes', () => {
    const unquoted = 'a,b\n1,2\r\n\n3,4\n';

    it('splits unquoted records by hand exactly as csv-parse would: CRLF, empty lines, line numbers, cut anywhere', async () => {
      const expected = [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['1', '2'] },
        { line: 4, cells: ['3', '4'] },
      ];
      for (const size of [1, 2, 3, 5, 64]) expect(await records(unquoted, {}, size), `pieces of ${size}`).toEqual(expected);
      expect(await records(`\uFEFF${unquoted}5,6`, {}, 64), 'byte-order mark skipped, last line without newline').toEqual([...expected, { line: 5, cells: ['5', '6'] }]);
    });

    it('hands over to csv-parse at the first quote, from the start of its record, keeping the line numbers', async () => {
      const text = 'a,b\n1,2\n"x, y","two\nlines"\n5,"6"\n7,8\n';
      const expected = [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['x, y', 'two\nlines'] },
        { line: 5, cells: ['5', '6'] },
        { line: 6, cells: ['7', '8'] },
      ];
      for (const size of [1, 4, 9, 1000]) expect(await records(text, {}, size), `pieces of ${size}`).toEqual(expected);
    });

    it('hands over at a lone carriage return (old Mac line ends)', async () => {
      expect(await records('a,b\n1,2\r3,4\r', {}, 1000)).toEqual([
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['3', '4'] },
      ]);
    });

    it('stops at an over-long unquoted record whether or not its newline has arrived', async () => {
      await expect(records(`a,b\n1,2\n${'9'.repeat(500)}`, { maxRecordSize: 100 }, 1000)).rejects.toThrow('the record at line 3 is longer than 100 characters');
      await expect(records(`a,b\n${'9'.repeat(500)}\n1,2\n`, { maxRecordSize: 100 }, 10_000)).rejects.toThrow('the record at line 2 is longer than 100 characters');
    });
  });
});
