// Tests of the streaming file loader on the bundled files and on malformed files written to a temp dir.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvFormatError } from './csv-format-error';
import { FEATURE_COUNT } from './feature-schema';
import { RED_WINE_CSV } from './paths';
import { loadWines, readWineCsv, streamWineCsv } from './read-wine-csv';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadWines', () => {
  it('loads 1599 red and 4898 white wines with 11 features each', async () => {
    const [red, white] = await Promise.all([loadWines('red'), loadWines('white')]);
    expect(red).toHaveLength(1599);
    expect(white).toHaveLength(4898);
    expect(red.every((r) => r.features.length === FEATURE_COUNT)).toBe(true);
    expect(red[0]).toEqual({ features: [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4], quality: 5 });
  });

  it('matches the quality counts and mean alcohol stated in data/README.md', async () => {
    const red = await loadWines('red');
    const counts: Record<number, number> = {};
    for (const r of red) counts[r.quality] = (counts[r.quality] ?? 0) + 1;
    expect(counts).toEqual({ 3: 10, 4: 53, 5: 681, 6: 638, 7: 199, 8: 18 });
    const meanAlcohol = red.reduce((s, r) => s + r.features[10]!, 0) / red.length;
    expect(meanAlcohol).toBeCloseTo(10.423, 3);
  });
});

describe('streamWineCsv', () => {
  it('yields rows one at a time', async () => {
    let n = 0;
    for await (const row of streamWineCsv(RED_WINE_CSV)) {
      expect(row.features).toHaveLength(11);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it('reports the file name, line and column of a bad cell', async () => {
    const path = join(dir, 'broken.csv');
    const lines = (await readWineCsv(RED_WINE_CSV)).slice(0, 3).map((r) => [...r.features, r.quality].join(','));
    lines[1] = lines[1]!.replace(/^[^,]+/, 'n/a');
    const header = 'fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol,quality';
    await writeFile(path, [header, ...lines].join('\n'));
    const error = await readWineCsv(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as Error).message).toBe('broken.csv line 3, column "fixed acidity": "n/a" is not a number');
  });

  it('reads quoted fields with commas and newlines as one row, with the same reader as batch uploads', async () => {
    const path = join(dir, 'quoted.csv');
    const header = 'name,fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol,quality';
    const wine = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,5';
    await writeFile(path, `${header}\n"Wine, red",${wine}\n"two\nlines",${wine}\nbad,${wine.replace('3.51', 'x')}\n`);
    await expect(readWineCsv(path)).rejects.toThrow('quoted.csv line 5, column "pH": "x" is not a number');
    await writeFile(path, `${header}\n"Wine, red",${wine}\n"two\nlines",${wine}\n`);
    expect((await readWineCsv(path)).map((r) => r.quality)).toEqual([5, 5]);
  });

  it('stops at a record over 64 KB with the line, instead of holding the line in memory', async () => {
    const path = join(dir, 'long.csv');
    await writeFile(path, `${'x'.repeat(200_000)}\n`);
    const error = await readWineCsv(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as CsvFormatError).code).toBe('CSV_RECORD_TOO_LARGE');
    expect((error as Error).message).toMatch(/^long\.csv line 1: the record is longer than 65536 characters/);
  });

  it('rejects an empty file', async () => {
    const path = join(dir, 'empty.csv');
    await writeFile(path, '');
    await expect(readWineCsv(path)).rejects.toMatchObject({ code: 'CSV_EMPTY', file: 'empty.csv', line: 1 });
  });
});
