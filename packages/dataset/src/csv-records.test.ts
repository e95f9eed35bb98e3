// Unit tests of the upload record reader: RFC 4180 quoting, line numbers, per-record problems, the record limit.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvRecordTooLargeError, readCsvRecords, type CsvRecord } from './csv-records';

async function records(text: string, limits = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  // Pieces of 7 bytes: records and quotes cut across chunks.
  const pieces = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => Buffer.from(text.slice(i * 7, i * 7 + 7)));
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
});
