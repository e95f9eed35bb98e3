// Unit tests of the upload CSV parser: headers by name or key, delimiters, empty and malformed cells.

import { describe, expect, it } from 'vitest';
import { FEATURE_KEYS, FEATURE_NAMES } from '@mlops/dataset/feature-schema';
import { parseCsvHeader, parseCsvRow } from './csv-rows';

const ROW = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

describe('parseCsvHeader', () => {
  it('finds the features in any order, by CSV name or JSON key, and ignores other columns', () => {
    const reversed = ['id', ...[...FEATURE_KEYS].reverse()].join(',');
    const columns = parseCsvHeader(reversed);
    expect(columns.cellCount).toBe(12);
    expect(columns.featureColumn).toEqual(FEATURE_KEYS.map((_, i) => 11 - i));
  });

  it('reads the semicolons, quotes and byte-order mark of the original UCI download', () => {
    const columns = parseCsvHeader(`\uFEFF${FEATURE_NAMES.map((n) => `"${n}"`).join(';')};"quality"`);
    expect(columns.delimiter).toBe(';');
    expect(columns.featureColumn).toEqual(FEATURE_NAMES.map((_, i) => i));
  });

  it('names the first missing column', () => {
    expect(() => parseCsvHeader(FEATURE_NAMES.filter((n) => n !== 'pH').join(','))).toThrow(/column "pH"/);
  });
});

describe('parseCsvRow', () => {
  const columns = parseCsvHeader(`${FEATURE_NAMES.join(',')},quality`);
  const out = new Float64Array(11);

  it('reads a good line into model order', () => {
    expect(parseCsvRow(`${ROW.join(',')},5`, columns, out)).toBeUndefined();
    expect(Array.from(out)).toEqual(ROW);
  });

  it('treats an empty or blank cell as missing, not zero', () => {
    const cells = ROW.map(String);
    cells[2] = ' ';
    expect(parseCsvRow(`${cells.join(',')},5`, columns, out)).toBe('column "citric acid" is empty');
  });

  it('reads quoted numbers and refuses hexadecimal ones, like the dataset loader', () => {
    const cells = ROW.map(String);
    cells[8] = '"3.51"';
    expect(parseCsvRow(`${cells.join(',')},5`, columns, out)).toBeUndefined();
    expect(out[8]).toBe(3.51);
    cells[5] = '0x10';
    expect(parseCsvRow(`${cells.join(',')},5`, columns, out)).toBe('column "free sulfur dioxide": "0x10" is not a number');
  });

  it('reports a wrong cell count before the cells it could not read', () => {
    expect(parseCsvRow('a,b,c', columns, out)).toBe('expected 12 cells like the header, found 3');
  });
});
