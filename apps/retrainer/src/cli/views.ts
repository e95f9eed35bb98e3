// How the retraining command line prints jobs and rejections: a table per list, label-value lines for one job.

import type { RejectionRecord } from '@mlops/retraining/rejection-log';
import type { RetrainStatus } from '@mlops/retraining/job-status';
import type { RetrainTrigger } from '@mlops/retraining/job-types';

const NONE = '-';

/** Rows as a table (first row the header), columns padded to their widest cell. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** `2026-12-01T11:50:51.595Z` as `2026-12-01 11:50:51Z`. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : NONE;
}

/** A trigger in a few words: `alert ModelDataDrift (v1, since …)` or `manual by alice: reason`. */
export function describeTrigger(trigger: RetrainTrigger): string {
  if (trigger.kind === 'alert') return `alert ${trigger.alertname}${trigger.version ? ` on v${trigger.version}` : ''} since ${shortTime(trigger.startsAt)}`;
  return `manual by ${trigger.requestedBy}: ${trigger.reason}`;
}

/** Where a job is: `training epoch 12/200 (10%)`. */
export function describeProgress(status: RetrainStatus): string {
  const p = status.progress;
  if (!p) return NONE;
  return p.stage === 'training' ? `training epoch ${p.epoch}/${p.epochs} (${p.percent}%)` : `${p.stage} (${p.percent}%)`;
}

/** The outcome: `registered v2 as candidate`, `rejected: <first reason>`, `failed: <reason>`, or the state. */
export function describeVerdict(status: RetrainStatus): string {
  if (status.result?.status === 'registered') return `registered v${status.result.version} as candidate`;
  if (status.result?.status === 'rejected') return `rejected: ${status.result.gate.reasons[0] ?? ''}`;
  if (status.state === 'failed') return `failed: ${status.failedReason ?? 'unknown'}`;
  return status.state;
}

/** One job in full: trigger, state, progress, times, verdict, the gate's checks and the fixed-set figures. */
export function formatStatus(status: RetrainStatus): string {
  const fields: [string, string][] = [
    ['job', status.id],
    ['model', status.model],
    ['trigger', describeTrigger(status.trigger)],
    ['state', status.state],
    ['progress', describeProgress(status)],
    ['requested', shortTime(status.requestedAt)],
    ['started', shortTime(status.startedAt)],
    ['finished', shortTime(status.finishedAt)],
    ['attempts', String(status.attemptsMade)],
    ['verdict', describeVerdict(status)],
  ];
  const result = status.result;
  if (result) {
    fields.push(['production', `v${result.productionVersion}`]);
    for (const check of result.gate.checks) fields.push([`gate ${check.passed ? 'pass' : 'FAIL'}`, check.message]);
    for (const [population, m] of Object.entries(result.evaluation.populations)) fields.push([`${population}`, `${m.rows} rows, accuracy ${m.accuracy.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}`]);
    fields.push(['data', result.data.map((d) => `${d.path} (${d.rowsKept} of ${d.rowsRead} rows)`).join('; ')]);
    fields.push(['epochs', `${result.epochsRun} (best ${result.bestEpoch}), ${result.seconds.toFixed(1)} s`]);
  }
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}

/** Jobs as a table, newest first. */
export function formatJobs(statuses: readonly RetrainStatus[]): string {
  if (statuses.length === 0) return 'no retraining jobs (start one: npm run retrainer -- trigger --reason "...")';
  return formatTable([
    ['job', 'model', 'trigger', 'state', 'progress', 'verdict', 'requested'],
    ...statuses.map((s) => [s.id, s.model, describeTrigger(s.trigger).slice(0, 60), s.state, describeProgress(s), describeVerdict(s).slice(0, 90), shortTime(s.requestedAt)]),
  ]);
}

/** Rejections as a table, oldest first. */
export function formatRejections(records: readonly RejectionRecord[], model: string): string {
  if (records.length === 0) return `no rejected candidates of ${model}`;
  return formatTable([['at', 'job', 'production', 'reasons'], ...records.map((r) => [shortTime(r.at), r.jobId, `v${r.productionVersion}`, r.reasons.join('; ')])]);
}
