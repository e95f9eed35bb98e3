// `npm run drift -- --current <csv> [--reference <csv> | --model name/version] [--json] [--report file.html]`: offline drift check.

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvFormatError, FEATURE_NAMES, RED_WINE_CSV } from '@mlops/dataset';
import { ModelStoreError, modelRepositoryFromEnv, readManifest } from '@mlops/model-store';
import { Command, InvalidArgumentError } from 'commander';
import { datasetDrift, type DriftReport } from '../dataset-drift';
import { profileDatasetDrift } from '../profile-drift';
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
  model?: string;
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
  .option('--model <name/version>', "reference: a model's training profile (binned approximation, see the README) instead of raw rows")
  .option('--json', 'print JSON instead of the table')
  .option('--report <html>', 'also write a self-contained HTML report')
  .option('--ks-p-value <p>', 'KS drift threshold (p below it)', number)
  .option('--wasserstein-threshold <x>', 'normalised Wasserstein drift threshold', number)
  .option('--dataset-share <share>', 'share of drifted features for dataset drift', number)
  .option('--bins <n>', 'bins for PSI and Jensen-Shannon', number)
  .showHelpAfterError()
  .action(async (o: Options) => {
    try {
      const thresholds = { ksPValue: o.ksPValue, wassersteinThreshold: o.wassersteinThreshold, datasetShare: o.datasetShare, bins: o.bins };
      let report: DriftReport;
      let referenceLabel = basename(o.reference);
      if (o.model !== undefined && o.reference !== RED_WINE_CSV) throw new RangeError('use --reference or --model, not both');
      if (o.model !== undefined) {
        const [name = '', version] = o.model.split('/');
        const manifest = await readManifest(modelRepositoryFromEnv(), name, version);
        const current = await readFeatureColumns(o.current);
        report = profileDatasetDrift(manifest.profile.features, current.columns, thresholds);
        referenceLabel = `${manifest.name}/${manifest.version} training profile (${manifest.profile.rows} rows, binned)`;
      } else {
        const [reference, current] = await Promise.all([readFeatureColumns(o.reference), readFeatureColumns(o.current)]);
        report = datasetDrift(FEATURE_NAMES, reference.columns, current.columns, thresholds);
      }
      process.stdout.write(o.json ? `${JSON.stringify(driftReportJson(report), null, 2)}\n` : `${formatDriftTable(report)}\n`);
      if (o.report !== undefined) {
        await writeFile(o.report, renderHtmlReport(report, { reference: referenceLabel, current: basename(o.current) }));
        if (!o.json) process.stdout.write(`report written to ${o.report}\n`);
      }
    } catch (error) {
      const known = error instanceof CsvFormatError || error instanceof DriftInputError || error instanceof ModelStoreError || error instanceof RangeError;
      process.stderr.write(`error: ${known ? (error as Error).message : (error as Error).stack}\n`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
