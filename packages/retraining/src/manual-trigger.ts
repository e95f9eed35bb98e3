// POST /v1/retraining: a retraining asked for by hand, the same job as an alert's, idempotent by Idempotency-Key.

import { z } from 'zod';
import { HttpError } from '@mlops/http-service/http-error';
import { MAX_TRIGGER_REASON_LENGTH } from './job-types';
import { consumeRateLimit, refundRateLimit } from './rate-limit';
import { enqueueRetrain, retrainJobId } from './retrain-queue';
import { rateLimitKey } from './retraining-space';
import type { TriggerContext } from './trigger-context';

/** An Idempotency-Key: 1-100 letters, digits, `_`, `-` or `.`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;

const ManualRequestSchema = z.object({
  reason: z.string().trim().min(1).max(MAX_TRIGGER_REASON_LENGTH),
  model: z.string().min(1).max(100).optional(),
  requestedBy: z.string().trim().min(1).max(100).optional(),
});

/** What the manual trigger answers. */
export interface ManualTriggerOutcome {
  readonly jobId: string;
  /** False when the Idempotency-Key named a job that exists already. */
  readonly created: boolean;
  readonly model: string;
  readonly statusUrl: string;
}

/**
 * Validates a manual request and enqueues its retrain job; a repeated `idempotencyKey` returns the existing job.
 * @throws HttpError 400 (bad body or key), 429 (retraining rate limit)
 */
export async function triggerManualRetraining(context: TriggerContext, body: unknown, idempotencyKey: string | undefined): Promise<ManualTriggerOutcome> {
  const parsed = ManualRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new HttpError(400, `send {"reason": "why retrain now", "model"?: "${context.models[0]}"}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  }
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new HttpError(400, 'the Idempotency-Key header must be 1-100 letters, digits, "_", "-" or "."');
  }
  const model = parsed.data.model ?? context.models[0]!;
  if (!context.models.includes(model)) throw new HttpError(400, `model "${model}" is not retrained here; known: ${context.models.join(', ')}`);
  const jobId = retrainJobId({ kind: 'manual', ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }, model);
  const statusUrl = `/v1/retraining/${jobId}`;
  if (idempotencyKey !== undefined && (await context.queue.getJob(jobId))) return { jobId, created: false, model, statusUrl };

  const now = Date.now();
  const limitKey = (w: number) => rateLimitKey(context.space, 'retrainings', w);
  const limit = await consumeRateLimit(context.redis, limitKey, context.retrainLimit, now);
  if (!limit.allowed) {
    await refundRateLimit(context.redis, limitKey, context.retrainLimit, now);
    throw new HttpError(429, `at most ${context.retrainLimit.limit} retrainings per ${context.retrainLimit.windowSeconds} s; retry in ${limit.retryAfterSeconds} s`, { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const trigger = { kind: 'manual' as const, requestedBy: parsed.data.requestedBy ?? 'api', reason: parsed.data.reason };
  const result = await enqueueRetrain(context.queue, { model, trigger, requestedAt: new Date(now).toISOString() }, jobId);
  return { jobId, created: result.created, model, statusUrl };
}
