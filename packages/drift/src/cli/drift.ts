// `npm run drift -- --current <csv> [--reference <csv>] [--json] [--report file.html]`: offline drift check.

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvFormatError, FEATURE_NAMES, RED_WINE_CSV } from '@mlops/dataset';
import { Command, InvalidArgumentError } from 'commander';
import { datasetDrift } from '../dataset-drift';
import { formatDriftTable } from '../format-table';
import { renderHtmlReport } from '../html-report';
import { DriftInputError, readFeatureColumns } from '../read-columns';
import { driftReportJson } from '../report-json';

const number = (value: string): number => {
  const x = Number(value);
  if (!Number.isFinite(x)) throw new InvalidArgumentError('expected a number');
  return x;
};

interface Options {
  current: string;
  reference: string;
  json?: boolean;
  report?: string;
  ksPValue?: number;
  wassersteinThreshold?: number;
  datasetShare?: number;
  bins?: number;
}

const program = new Command('drift')
  .description('Compare a CSV of wines with a reference, feature by feature (Evidently defaults). Exit 0: drift is a finding.')
  .requiredOption('--current <csv>', 'the data to check')
  .option('--reference <csv>', 'the reference data', RED_WINE_CSV)
  .option('--json', 'print JSON instead of the table')
  .option('--report <html>', 'also write a self-contained HTML report')
  .option('--ks-p-value <p>', 'KS drift threshold (p below it)', number)
  .option('--wasserstein-threshold <x>', 'normalised Wasserstein drift threshold', number)
  .option('--dataset-share <share>', 'share of drifted features for dataset drift', number)
  .option('--bins <n>', 'bins for PSI and Jensen-Shannon', number)
  .showHelpAfterError()
  .action(async (o: Options) => {
    try {
      const [reference, current] = await Promise.all([readFeatureColumns(o.reference), readFeatureColumns(o.current)]);
      const report = datasetDrift(FEATURE_NAMES, reference.columns, current.columns, {
        ksPValue: o.ksPValue,
        wassersteinThreshold: o.wassersteinThreshold,
        datasetShare: o.datasetShare,
        bins: o.bins,
      });
      process.stdout.write(o.json ? `${JSON.stringify(driftReportJson(report), null, 2)}\n` : `${formatDriftTable(report)}\n`);
      if (o.report !== undefined) {
        await writeFile(o.report, renderHtmlReport(report, { reference: basename(o.reference), current: basename(o.current) }));
        if (!o.json) process.stdout.write(`report written to ${o.report}\n`);
      }
    } catch (error) {
      const known = error instanceof CsvFormatError || error instanceof DriftInputError || error instanceof RangeError;
      process.stderr.write(`error: ${known ? (error as Error).message : (error as Error).stack}\n`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
