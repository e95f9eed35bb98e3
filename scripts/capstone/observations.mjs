// What the capstone reads back from the stack: drift gauges and alerts in Prometheus, fixed-set figures in manifests.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promQuery } from './prometheus-files.mjs';
import { SCENARIO_SETTINGS } from './stack.mjs';
import { waitFor } from './wait-for.mjs';

/** The model the scenario serves. */
export const MODEL = 'wine-quality';
export const FIRING = `ALERTS{alertname="ModelDataDrift",alertstate="firing"}`;
export const ANY_DRIFT_ALERT = `ALERTS{alertname="ModelDataDrift"}`;

/** `model_drift_*` of the API for one version, as Prometheus last scraped them. */
export async function apiDrift(promUrl, version) {
  const sel = `{job="api",model="${MODEL}",version="${version}"}`;
  const [detected, share, rows] = await Promise.all([
    promQuery(promUrl, `model_drift_detected${sel}`),
    promQuery(promUrl, `model_drift_share${sel}`),
    promQuery(promUrl, `model_drift_window_rows${sel}`),
  ]);
  const value = (r) => (r[0] ? Number(r[0].value[1]) : undefined);
  return { detected: value(detected), share: value(share), rows: value(rows) };
}

/** "v1 red 0.611 white 0.468; v2 red ... white ..." from the versions' manifests (lineage: fixed-set figures). */
export async function fixedSetFigures(repository, versions) {
  const parts = [];
  for (const v of versions) {
    const manifest = JSON.parse(await readFile(join(repository, MODEL, v, 'manifest.json'), 'utf8'));
    const populations = manifest.lineage?.evaluation?.populations ?? {};
    parts.push(`v${v} ${Object.entries(populations).map(([name, m]) => `${name} ${m.macroF1.toFixed(3)}`).join(' ')}`);
  }
  return parts.join('; ');
}

export const pct = (v) => (v === undefined ? 'n/a' : `${(v * 100).toFixed(0)}%`);
export const labelsOf = (series) => series.map((s) => `${s.metric.alertname}{model=${s.metric.model},version=${s.metric.version}} ${s.metric.alertstate}`).join(', ');


/**
 * Waits until the API's drift check of `version` sees no data set drift over a full window, then until Prometheus
 * has no ModelDataDrift alert at all (pending or firing). The error names a version that no longer serves and
 * still alerts.
 */
export async function expectDriftBack(plan, version, abort) {
  let seen = {};
  const d = await waitFor(`a drift check of v${version} with no data set drift`, async () => {
    seen = await apiDrift(plan.promUrl, version);
    return seen.detected === 0 && seen.rows >= Number(SCENARIO_SETTINGS.DRIFT_MIN_ROWS) ? seen : undefined;
  }, {
    timeoutMs: 60_000,
    abort,
    describe: () => `model_drift_detected{version="${version}"} ${seen.detected ?? 'absent'}, share ${pct(seen.share)}, window ${seen.rows ?? 'absent'} rows`,
  });
  let last = [];
  await waitFor(`${ANY_DRIFT_ALERT} gone from Prometheus`, async () => {
    last = await promQuery(plan.promUrl, ANY_DRIFT_ALERT);
    return last.length === 0;
  }, { timeoutMs: 60_000, describe: () => labelsOf(last) }).catch(async (error) => {
    const stale = last.filter((s) => s.metric.version !== version).map((s) => s.metric.version);
    if (stale.length === 0) throw error;
    const rows = await apiDrift(plan.promUrl, stale[0]);
    throw new Error(`${error.message}: the API still checks v${stale.join(', v')}, which no longer serves (its last window, ${rows.rows} rows, is re-checked every ${SCENARIO_SETTINGS.DRIFT_CHECK_SECONDS} s, so its alert cannot resolve)`);
  });
  return `model_drift_detected{version="${version}"} 0, drifted share ${pct(d.share)} over ${d.rows} rows; no ModelDataDrift alert pending or firing`;
}
