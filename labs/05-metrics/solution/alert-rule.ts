// Lab 05 reference: an alert on the HTTP 5xx ratio and its promtool unit tests, as objects (written to YAML as JSON).

import type { AlertingRule, RuleTestCase } from '@mlops/metrics/promtool';

/**
 * `HighHttpErrorRatio`: more than 5% of a job's answers are 5xx, over 5-minute rates, for 5 minutes; labels
 * `severity: page`; a `summary` annotation.
 */
export function errorRatioAlert(): AlertingRule {
  // #region solution step 6: the 5xx share of all answers per job above 0.05, held for 5 minutes, severity page
  return {
    alert: 'HighHttpErrorRatio',
    expr: 'sum by (job) (rate(http_requests_total{status_class="5xx"}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
    for: '5m',
    labels: { severity: 'page' },
    annotations: { summary: '{{ $labels.job }}: {{ $value | humanizePercentage }} of HTTP answers are 5xx' },
  };
  // #endregion solution
}

/**
 * promtool test cases for {@link errorRatioAlert}: one where it fires (and is not firing yet before its `for`
 * has passed) and one where it must stay quiet.
 */
export function errorRatioAlertTests(): RuleTestCase[] {
  // #region solution step 6: a case where the alert fires after its `for`, and one with a low error ratio where it never fires
  return [
    {
      interval: '1m',
      input_series: [
        { series: 'http_requests_total{job="api",status_class="2xx"}', values: '0+60x20' },
        { series: 'http_requests_total{job="api",status_class="5xx"}', values: '0+10x20' },
      ],
      alert_rule_test: [
        { eval_time: '3m', alertname: 'HighHttpErrorRatio', exp_alerts: [] },
        {
          eval_time: '10m',
          alertname: 'HighHttpErrorRatio',
          exp_alerts: [{ exp_labels: { job: 'api', severity: 'page' }, exp_annotations: { summary: 'api: 14.29% of HTTP answers are 5xx' } }],
        },
      ],
    },
    {
      interval: '1m',
      input_series: [
        { series: 'http_requests_total{job="api",status_class="2xx"}', values: '0+60x20' },
        { series: 'http_requests_total{job="api",status_class="5xx"}', values: '0+1x20' },
      ],
      alert_rule_test: [{ eval_time: '15m', alertname: 'HighHttpErrorRatio', exp_alerts: [] }],
    },
  ];
  // #endregion solution
}
