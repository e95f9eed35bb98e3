// The JSON form of a drift report: one object per feature and the data set verdict, numbers as computed.

import type { DriftReport } from './dataset-drift';

/** One feature in the JSON output. `pValue` is the KS p-value (defined for every numeric feature). */
export interface FeatureDriftJson {
  feature: string;
  test: string;
  statistic: number;
  pValue: number;
  pValueMethod: string;
  wasserstein: number;
  wassersteinNormed: number;
  psi: number;
  jensenShannon: number;
  score: number;
  threshold: number;
  drifted: boolean;
}

/** The JSON document printed by `npm run drift -- --json`. */
export interface DriftReportJson {
  datasetDrift: boolean;
  driftedFeatures: number;
  driftedShare: number;
  datasetShareThreshold: number;
  referenceRows: number;
  currentRows: number;
  features: FeatureDriftJson[];
}

/** Drops the histograms and keeps the statistics, in ranked order. */
export function driftReportJson(report: DriftReport): DriftReportJson {
  return {
    datasetDrift: report.datasetDrift,
    driftedFeatures: report.driftedFeatures,
    driftedShare: report.driftedShare,
    datasetShareThreshold: report.options.datasetShare,
    referenceRows: report.referenceRows,
    currentRows: report.currentRows,
    features: report.features.map((f) => ({
      feature: f.feature,
      test: f.test,
      statistic: f.statistic,
      pValue: f.pValue,
      pValueMethod: f.pValueMethod,
      wasserstein: f.wasserstein,
      wassersteinNormed: f.wassersteinNormed,
      psi: f.psi,
      jensenShannon: f.jensenShannon,
      score: f.score,
      threshold: f.threshold,
      drifted: f.drifted,
    })),
  };
}
