// Lab 05: an alert on the HTTP 5xx ratio and its promtool unit tests, as objects (written to YAML as JSON).

import type { AlertingRule, RuleTestCase } from '@mlops/metrics/promtool';
import { notImplemented } from '@mlops/lab-kit/runtime';

/**
 * `HighHttpErrorRatio`: more than 5% of a job's answers are 5xx, over 5-minute rates, for 5 minutes; labels
 * `severity: page`; a `summary` annotation.
 */
export function errorRatioAlert(): AlertingRule {
  // TODO step 6: the 5xx share of all answers per job above 0.05, held for 5 minutes, severity page
  throw notImplemented('src/alert-rule.ts', 'step 6: the 5xx share of all answers per job above 0.05, held for 5 minutes, severity page');
}

/**
 * promtool test cases for {@link errorRatioAlert}: one where it fires (and is not firing yet before its `for`
 * has passed) and one where it must stay quiet.
 */
export function errorRatioAlertTests(): RuleTestCase[] {
  // TODO step 6: a case where the alert fires after its `for`, and one with a low error ratio where it never fires
  throw notImplemented('src/alert-rule.ts', 'step 6: a case where the alert fires after its `for`, and one with a low error ratio where it never fires');
}
