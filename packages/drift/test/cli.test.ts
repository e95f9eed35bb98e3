// The drift CLI end to end (two real processes) and its file reading, table and JSON pieces in-process.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CsvFormatError, FEATURE_NAMES, RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDrift } from '../src/dataset-drift';
import { formatDriftTable } from '../src/format-table';
import { DriftInputError, readFeatureColumns } from '../src/read-columns';
import { driftReportJson } from '../src/report-json';

const run = promisify(execFile);
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli/drift.ts', import.meta.url));
let dir: string;
const header = `${FEATURE_NAMES.join(',')},quality`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drift-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readFeatureColumns', () => {
  it('reads the red file into 11 columns of 1599 values', async () => {
    const { columns, rows } = await readFeatureColumns(RED_WINE_CSV);
    expect(rows).toBe(1599);
    expect(columns).toHaveLength(11);
    expect(columns[0]![0]).toBe(7.4);
    expect(columns[0]!.length).toBe(1599);
  });

  it('names the line and column of a bad cell (the loader error)', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, `${header}\n7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,5\n7.4,0.7,0,1.9,0.076,11,34,0.9978,3;51,0.56,9.4,5\n`);
    const error = await readFeatureColumns(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as Error).message).toBe('bad.csv line 3, column "pH": "3;51" is not a number');
  });

  it('refuses files over the row or byte limit, empty files and missing files', async () => {
    await expect(readFeatureColumns(RED_WINE_CSV, { maxRows: 100 })).rejects.toThrow(/more than 100 rows/);
    await expect(readFeatureColumns(RED_WINE_CSV, { maxBytes: 1000 })).rejects.toThrow(DriftInputError);
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, `${header}\n`);
    await expect(readFeatureColumns(empty)).rejects.toThrow(/no data rows/);
    await expect(readFeatureColumns(join(dir, 'nope.csv'))).rejects.toThrow(/cannot read the file/);
  });
});

describe('table and JSON', () => {
  it('prints a ranked table and the verdict; JSON has the documented keys', async () => {
    const [red, white] = await Promise.all([readFeatureColumns(RED_WINE_CSV), readFeatureColumns(WHITE_WINE_CSV)]);
    const report = datasetDrift(FEATURE_NAMES, red.columns, white.columns);
    const table = formatDriftTable(report);
    expect(table.split('\n')[3]).toMatch(/^residual sugar\s+wasserstein \(norm\)\s+2\.871\s+> 0\.1\s+yes/);
    expect(table).toMatch(/DATASET DRIFT: 11 of 11 features drifted \(100%, threshold 50%\)$/);
    const json = driftReportJson(report);
    expect(Object.keys(json.features[0]!)).toEqual(
      expect.arrayContaining(['feature', 'test', 'statistic', 'pValue', 'wasserstein', 'wassersteinNormed', 'psi', 'jensenShannon', 'drifted']),
    );
    expect(json.datasetDrift).toBe(true);
  });
});

describe('npm run drift', () => {
  it('exits 0 with the verdict in the JSON when the data drifted', async () => {
    const { stdout } = await run(tsx, [cli, '--current', WHITE_WINE_CSV, '--json', '--dataset-share', '0.5']);
    const json = JSON.parse(stdout) as ReturnType<typeof driftReportJson>;
    expect(json.datasetDrift).toBe(true);
    expect(json.features).toHaveLength(11);
    expect(json.features[0]!.feature).toBe('residual sugar');
  });

  it('checks against the training profile of a model with --model wine-quality/1', async () => {
    const { stdout } = await run(tsx, [cli, '--current', WHITE_WINE_CSV, '--model', 'wine-quality/1', '--json']);
    const json = JSON.parse(stdout) as ReturnType<typeof driftReportJson>;
    expect(json.referenceRows).toBe(1119);
    expect(json.datasetDrift).toBe(true);
  });

  it('exits 1 with the line named for a malformed file, and writes no report', async () => {
    const file = join(dir, 'short.csv');
    await writeFile(file, `${header}\n1,2,3\n`);
    const error = (await run(tsx, [cli, '--current', file, '--report', join(dir, 'r.html')]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('error: short.csv line 2: expected 12 cells like the header, found 3');
    await expect(readFile(join(dir, 'r.html'))).rejects.toThrow();
  });
});
