// infra/prometheus through promtool: the config and every rule file check, and every *.test.yml rule test passes.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPromtool, testAlertRules } from '../src/promtool';

const infra = resolve(import.meta.dirname, '../../../infra/prometheus');
const ruleFiles = readdirSync(join(infra, 'rules')).filter((f) => f.endsWith('.rules.yml')).sort();
const testFiles = readdirSync(join(infra, 'tests')).filter((f) => f.endsWith('.test.yml')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'prometheus-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe('infra/prometheus', () => {
  it('has a valid configuration (promtool check config), rule files included', async () => {
    const result = await runPromtool(['check', 'config', 'prometheus.yml'], undefined, infra);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${ruleFiles.length} rule files found`);
  });

  it('has valid rule files (promtool check rules)', async () => {
    expect(ruleFiles).toContain('mlops-alerts.rules.yml');
    const result = await runPromtool(['check', 'rules', ...ruleFiles.map((f) => join('rules', f))], undefined, infra);
    expect(result.code, output(result)).toBe(0);
  });

  it('passes every rule unit test (promtool test rules tests/*.test.yml)', async () => {
    expect(testFiles).toContain('mlops-alerts.test.yml');
    const result = await runPromtool(['test', 'rules', ...testFiles], undefined, join(infra, 'tests'));
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('has alert tests that fail when an alert threshold is wrong (the tests have teeth)', async () => {
    cpSync(infra, join(scratch, 'prometheus'), { recursive: true });
    const alerts = join(scratch, 'prometheus/rules/mlops-alerts.rules.yml');
    const text = readFileSync(alerts, 'utf8');
    expect(text).toContain('job:http_request_errors:ratio_rate5m > 0.05');
    writeFileSync(alerts, text.replace('job:http_request_errors:ratio_rate5m > 0.05', 'job:http_request_errors:ratio_rate5m > 0.5'));
    const result = await runPromtool(['test', 'rules', 'mlops-alerts.test.yml'], undefined, join(scratch, 'prometheus/tests'));
    expect(result.code).not.toBe(0);
    expect(output(result)).toContain('alertname: HighHttpErrorRatio');
  });
});

describe('testAlertRules', () => {
  const rule = { alert: 'Down', expr: 'up == 0', for: '1m', labels: { severity: 'page' } };
  const firing = { interval: '1m', input_series: [{ series: 'up{job="a"}', values: '0x5' }], alert_rule_test: [{ eval_time: '3m', alertname: 'Down', exp_alerts: [{ exp_labels: { job: 'a', severity: 'page' } }] }] };

  it('passes a test the rule meets and reports one it does not', async () => {
    expect((await testAlertRules([rule], [firing])).code).toBe(0);
    const failed = await testAlertRules([{ ...rule, expr: 'up == 1' }], [firing]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toContain('alertname: Down');
  });
});
