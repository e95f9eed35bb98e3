// What both retraining triggers (the alert webhook and the manual route) share: Redis, the queue, the models, the limit.

import type { Redis } from 'ioredis';
import type { RateLimit } from './rate-limit';
import type { RetrainQueue } from './retrain-queue';
import type { RetrainingSpace } from './retraining-space';

/** Settings the two triggers share. */
export interface TriggerContext {
  readonly redis: Redis;
  readonly queue: RetrainQueue;
  readonly space: RetrainingSpace;
  /** Models that may be retrained; the first is the manual trigger's default. */
  readonly models: readonly string[];
  /** New retrainings started, by alert or by hand. */
  readonly retrainLimit: RateLimit;
}
