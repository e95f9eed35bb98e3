// csvRowBatches and csvChunks: what the ingest thread makes of CSV records, without a thread or Redis.

import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '@mlops/dataset/csv-records';
import { csvChunks, csvRowBatches } from './csv-row-batches';
import { BatchInputError } from './errors';

const HEADER = 'fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol'.split(',');
const WINE = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4'.split(',');

async function* records(rows: (string[] | string)[]): AsyncGenerator<CsvRecord> {
  let line = 1;
  for (const row of rows) yield typeof row === 'string' ? { line: line++, problem: row } : { line: line++, cells: row };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('csvRowBatches and csvChunks', () => {
  it('cuts 7 rows into chunks of 3 with each bad row reported under its batch row and line', async () => {
    const rows = [HEADER, WINE, WINE, ['x', ...WINE.slice(1)], WINE, 'unclosed quote', WINE, WINE];
    const chunks = await collect(csvChunks(csvRowBatches(records(rows), 4), 3));
    expect(chunks.map((c) => [c.index, c.firstRow, c.rows.rowCount])).toEqual([[0, 0, 3], [1, 3, 3], [2, 6, 1]]);
    expect([...chunks[0]!.problems]).toEqual([[2, 'column "fixed acidity": "x" is not a number']]);
    expect([...chunks[1]!.problems]).toEqual([[4, 'unclosed quote']]);
    expect([...chunks.flatMap((c) => [...c.rows.lines])]).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(chunks[0]!.rows.features[0]).toBeCloseTo(7.4, 5);
    expect(Number.isNaN(chunks[0]!.rows.features[2 * 11])).toBe(true);
  });

  it('refuses a bad header, an empty upload and a header without rows before yielding anything', async () => {
    await expect(collect(csvRowBatches(records([['a', 'b']])))).rejects.toThrow(BatchInputError);
    await expect(collect(csvRowBatches(records([])))).rejects.toThrow('the CSV is empty');
    await expect(collect(csvRowBatches(records([HEADER])))).rejects.toThrow('the CSV has a header but no data rows');
  });
});
