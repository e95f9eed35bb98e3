// Bad values in batch rows appear briefly in their problems: 900 KB strings by their start and length, 1e400 as sent.

import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@mlops/dataset/feature-schema';
import { parseCsvCells, parseCsvHeaderCells, parseCsvRow, parseCsvHeader } from './csv-rows';
import { parseJsonRow } from './json-rows';

const ROW = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
const out = new Float64Array(11);

describe('values in row problems', () => {
  it('keeps a 900 KB JSON string out of the row problem', () => {
    const problem = parseJsonRow(['x'.repeat(900_000), ...ROW.slice(1)], out)!;
    expect(problem).toBe(`value 0 ("fixed acidity") is "${'x'.repeat(100)}…" (900000 characters), not a number`);
  });

  it('says 1e400 in JSON is not a finite number instead of passing Infinity on or calling it null', () => {
    const row = JSON.parse(`[1e400,${ROW.slice(1).join(',')}]`) as unknown[];
    expect(parseJsonRow(row, out)).toBe('value 0 ("fixed acidity") is not a finite number (beyond ±1.8e308, such as 1e400)');
    expect(parseJsonRow({ fixedAcidity: -Infinity }, out)).toBe('"fixedAcidity" is not a finite number (beyond ±1.8e308, such as 1e400)');
  });

  it('describes a CSV cell of 1e400 as sent, and a 60 KB cell by its start and length', () => {
    const columns = parseCsvHeaderCells(FEATURE_NAMES);
    const cells = ROW.map(String);
    cells[0] = '1e400';
    expect(parseCsvCells(cells, columns, out)).toBe('column "fixed acidity": 1e400 is not a finite number');
    cells[0] = 'y'.repeat(60_000);
    expect(parseCsvCells(cells, columns, out)).toBe(`column "fixed acidity": "${'y'.repeat(100)}…" (60000 characters) is not a number`);
    expect(parseCsvRow(cells.join(','), parseCsvHeader(FEATURE_NAMES.join(',')), out)!.length).toBeLessThan(200);
  });
});
