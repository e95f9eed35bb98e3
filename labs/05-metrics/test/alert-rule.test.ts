// Step 6: your alert rule meets our promtool tests, and your promtool tests pass on it and fail on wrong rules.

import { describe, expect, it } from 'vitest';
import { testAlertRules, type AlertingRule, type RuleTestCase } from '@mlops/metrics/promtool';
import { errorRatioAlert, errorRatioAlertTests } from '@lab/alert-rule';

const report = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`.trim();
const api = (statusClass: string, values: string) => ({ series: `http_requests_total{job="api",instance="a:1",method="GET",route="/x",status_class="${statusClass}"}`, values });
const alert = (evalTime: string, ...labels: Record<string, string>[]) => ({ eval_time: evalTime, alertname: 'HighHttpErrorRatio', exp_alerts: labels.map((l) => ({ exp_labels: l })) });

/** Our tests of the rule, on its firing logic (the wording of your annotations is yours). */
const OURS: RuleTestCase[] = [
  // 10 errors and 60 successes a minute (14%): pending after a minute, firing once `for: 5m` has passed.
  { interval: '1m', input_series: [api('2xx', '0+60x20'), api('5xx', '0+10x20')], alert_rule_test: [alert('5m'), alert('7m', { job: 'api', severity: 'page' }), alert('15m', { job: 'api', severity: 'page' })] },
  // 4 errors in 64 answers (6.25%), just above 5%: fires.
  { interval: '1m', input_series: [api('2xx', '0+60x20'), api('5xx', '0+4x20')], alert_rule_test: [alert('15m', { job: 'api', severity: 'page' })] },
  // 3 errors in 63 (4.8%), just below: quiet. No 5xx at all: quiet.
  { interval: '1m', input_series: [api('2xx', '0+60x20'), api('5xx', '0+3x20')], alert_rule_test: [alert('15m')] },
  { interval: '1m', input_series: [api('2xx', '0+60x20')], alert_rule_test: [alert('15m')] },
  // Two jobs: only the failing one alerts, labelled with its job.
  {
    interval: '1m',
    input_series: [api('2xx', '0+60x20'), { series: 'http_requests_total{job="worker",status_class="2xx"}', values: '0+60x20' }, { series: 'http_requests_total{job="worker",status_class="5xx"}', values: '0+30x20' }],
    alert_rule_test: [alert('15m', { job: 'worker', severity: 'page' })],
  },
  // 30 errors in one minute, then none: the 5-minute rate forgets them before `for` has passed, so it never fires.
  { interval: '1m', input_series: [api('2xx', '0+60x20'), api('5xx', '0 30x19')], alert_rule_test: [alert('3m'), alert('6m'), alert('12m')] },
];

describe('step 6: the alert rule and its promtool tests', () => {
  it('names the alert HighHttpErrorRatio and pages', () => {
    const rule = errorRatioAlert();
    expect(rule.alert).toBe('HighHttpErrorRatio');
    expect(rule.labels, 'labels: { severity: "page" }').toEqual({ severity: 'page' });
    expect(rule.annotations?.summary, 'a summary annotation that says what is wrong').toMatch(/\S/);
  });

  it('fires when more than 5% of a job\'s answers are 5xx for 5 minutes, and only then (our promtool tests)', async () => {
    const { annotations: _wording, ...rule } = errorRatioAlert();
    const result = await testAlertRules([rule], OURS);
    expect(result.code, `promtool test rules on your rule:\n${report(result)}`).toBe(0);
  });

  it('has tests of its own that pass (promtool test rules), with a firing and a quiet case', async () => {
    const tests = errorRatioAlertTests();
    const expectations = tests.flatMap((t) => t.alert_rule_test);
    expect(expectations.some((e) => e.exp_alerts.length > 0), 'a case where the alert is expected to fire').toBe(true);
    expect(expectations.some((e) => e.exp_alerts.length === 0), 'a case where it is expected to stay quiet').toBe(true);
    const result = await testAlertRules([errorRatioAlert()], tests);
    expect(result.code, `promtool test rules with your tests:\n${report(result)}`).toBe(0);
  });

  it.each<[string, (rule: AlertingRule) => AlertingRule]>([
    ['a rule that fires on any 5xx (the ratio without its 5% threshold)', (r) => ({ ...r, expr: 'sum by (job) (rate(http_requests_total{status_class="5xx"}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0' })],
    ['a rule that never fires', (r) => ({ ...r, expr: 'sum by (job) (rate(http_requests_total{status_class="5xx"}[5m])) > 1e9' })],
    ['a rule without `for` (fires at the first bad minute)', ({ for: _for, ...r }) => r],
  ])('has tests that fail for %s', async (_what, breakIt) => {
    const result = await testAlertRules([breakIt(errorRatioAlert())], errorRatioAlertTests());
    expect(result.code, 'your tests passed on a wrong rule: add the cases that tell it apart (a quiet case with a few errors, a firing case, an eval_time before `for` has passed)').not.toBe(0);
  });
});
