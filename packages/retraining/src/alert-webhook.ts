// Turns an Alertmanager notification into retrain jobs: one per firing alert episode of a known model, rate-limited.

import { createHash } from 'node:crypto';
import { HttpError } from '@mlops/http-service/http-error';
import { AlertmanagerWebhookSchema } from './alert-payload';
import { claimAlertEpisode, releaseAlertEpisode } from './alert-episodes';
import { consumeRateLimit, refundRateLimit } from './rate-limit';
import { enqueueRetrain, retrainJobId } from './retrain-queue';
import { rateLimitKey } from './retraining-space';
import type { TriggerContext } from './trigger-context';

/** What one notification did, alert by alert (by fingerprint). */
export interface AlertNotificationOutcome {
  /** Retrainings this notification started. */
  readonly started: { fingerprint: string; model: string; jobId: string; statusUrl: string }[];
  /** Episodes whose retraining an earlier notification (or another alert of the same model here) started. */
  readonly duplicates: { fingerprint: string; jobId: string; statusUrl: string }[];
  /** Alerts that start nothing, and why (resolved, another alert, an unknown model). */
  readonly ignored: { fingerprint: string; reason: string }[];
  /** Episodes not started because of the retraining rate limit; a later notification starts them. */
  readonly rateLimited: { fingerprint: string; model: string }[];
  readonly retryAfterSeconds?: number;
}

const statusUrl = (jobId: string): string => `/v1/retraining/${jobId}`;
const episodeOf = (jobId: string): string => createHash('sha256').update(jobId).digest('hex').slice(0, 32);

/**
 * Validates `body` as an Alertmanager webhook payload and starts a retraining for each new firing episode of
 * `alertName`. Within one notification, a model is retrained once: its other alerts' episodes point at that job.
 * @throws HttpError 400 naming the invalid fields
 */
export async function handleAlertNotification(
  context: TriggerContext,
  body: unknown,
  options: { alertName: string; episodeTtlSeconds?: number | undefined },
): Promise<AlertNotificationOutcome> {
  const parsed = AlertmanagerWebhookSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new HttpError(400, `not an Alertmanager webhook payload (version "4" with alerts[] of status, labels, startsAt, fingerprint): ${issues.join('; ')}`, { issues });
  }
  const outcome: AlertNotificationOutcome = { started: [], duplicates: [], ignored: [], rateLimited: [] };
  let retryAfterSeconds: number | undefined;
  const jobOfModel = new Map<string, string>();
  for (const alert of parsed.data.alerts) {
    const { fingerprint } = alert;
    if (alert.status === 'resolved') {
      outcome.ignored.push({ fingerprint, reason: 'resolved: a resolved alert starts nothing' });
      continue;
    }
    if (alert.labels.alertname !== options.alertName) {
      outcome.ignored.push({ fingerprint, reason: `alert ${alert.labels.alertname ?? '(no alertname)'} does not trigger retraining (only ${options.alertName})` });
      continue;
    }
    const model = alert.labels.model;
    if (model === undefined || !context.models.includes(model)) {
      outcome.ignored.push({ fingerprint, reason: `model ${model ?? '(no model label)'} is not retrained here (known: ${context.models.join(', ')})` });
      continue;
    }
    // One instant, one key, however a sender formats it (Alertmanager trims trailing zeros of the fraction).
    const startsAt = new Date(alert.startsAt).toISOString();
    const alertJobId = retrainJobId({ kind: 'alert', fingerprint, startsAt }, model);
    const jobId = jobOfModel.get(model) ?? alertJobId;
    const episode = episodeOf(alertJobId);
    const claim = await claimAlertEpisode(context.redis, context.space, episode, jobId, options.episodeTtlSeconds);
    if (!claim.claimed) {
      outcome.duplicates.push({ fingerprint, jobId: claim.jobId, statusUrl: statusUrl(claim.jobId) });
      continue;
    }
    if (jobOfModel.has(model)) {
      outcome.duplicates.push({ fingerprint, jobId, statusUrl: statusUrl(jobId) });
      continue;
    }
    const now = Date.now();
    const limitKey = (w: number) => rateLimitKey(context.space, 'retrainings', w);
    const limit = await consumeRateLimit(context.redis, limitKey, context.retrainLimit, now);
    if (!limit.allowed) {
      await refundRateLimit(context.redis, limitKey, context.retrainLimit, now);
      await releaseAlertEpisode(context.redis, context.space, episode);
      outcome.rateLimited.push({ fingerprint, model });
      retryAfterSeconds = limit.retryAfterSeconds;
      continue;
    }
    try {
      const trigger = { kind: 'alert' as const, alertname: options.alertName, fingerprint, startsAt, ...(alert.labels.version ? { version: alert.labels.version.slice(0, 20) } : {}) };
      await enqueueRetrain(context.queue, { model, trigger, requestedAt: new Date(now).toISOString() }, jobId);
    } catch (error) {
      await releaseAlertEpisode(context.redis, context.space, episode).catch(() => undefined);
      throw error;
    }
    jobOfModel.set(model, jobId);
    outcome.started.push({ fingerprint, model, jobId, statusUrl: statusUrl(jobId) });
  }
  return retryAfterSeconds === undefined ? outcome : { ...outcome, retryAfterSeconds };
}
