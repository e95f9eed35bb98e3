// infra/grafana: the datasource uid, the provider, and a dashboard whose every query is valid PromQL (promtool).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dashboardQueries } from '../src/dashboard-queries';
import { runPromtool } from '../src/promtool';

const grafana = resolve(import.meta.dirname, '../../../infra/grafana');
const dashboard = JSON.parse(readFileSync(join(grafana, 'dashboards/mlops-overview.json'), 'utf8')) as {
  uid: string;
  panels: { id: number; type: string; title: string; datasource?: { uid?: string }; targets?: { datasource?: { uid?: string } }[] }[];
};
const queries = dashboardQueries(dashboard);
const scratch = mkdtempSync(join(tmpdir(), 'grafana-dashboard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('infra/grafana', () => {
  it('provisions the Prometheus datasource under the uid the dashboard uses', () => {
    const datasource = readFileSync(join(grafana, 'provisioning/datasources/prometheus.yml'), 'utf8');
    expect(datasource).toMatch(/^\s+uid: prometheus$/m);
    expect(readFileSync(join(grafana, 'provisioning/dashboards/dashboards.yml'), 'utf8')).toMatch(/type: file/);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid, panel.title).toBe('prometheus');
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe('prometheus');
    }
  });

  it('has unique panel ids and covers traffic, errors, latency, batch, queue, rows/s, classes, model and drift', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = queries.map((q) => q.expr).join('\n');
    for (const name of ['http_requests_total', 'job:http_request_errors:ratio_rate5m', 'http_request_duration_seconds:p99_5m', 'inference_batch_rows', 'bullmq_jobs', ':batch_rows_scored:rate5m', 'model:inference_rows:rate5m', 'inference_predictions_total', 'model_info', 'inference_queue_seconds', 'inference_compute_seconds', 'model_drift_share', 'model_drift_score', 'model_drift_detected', 'model_feature_drifted', 'model_drift_window_rows', 'model_drift_last_check_timestamp_seconds']) {
      expect(all, `a panel should query ${name}`).toContain(name);
    }
  });

  it('has only valid PromQL in its panels (each checked by promtool as a rule expression)', async () => {
    expect(queries.length).toBeGreaterThan(20);
    const rules = queries.map((q, i) => `      - record: panel_${i}\n        expr: ${JSON.stringify(q.expr)}`).join('\n');
    const file = join(scratch, 'panels.rules.yml');
    writeFileSync(file, `groups:\n  - name: panels\n    rules:\n${rules}\n`);
    const result = await runPromtool(['check', 'rules', file]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});
