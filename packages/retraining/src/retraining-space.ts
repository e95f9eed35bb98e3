// Names shared by the producers (API, CLI) and the retrain workers: queue name, key prefix, job name, Redis keys.

/** Where a deployment keeps its retraining jobs. Producers and workers must agree on both fields. */
export interface RetrainingSpace {
  /** BullMQ queue of retrain jobs. @defaultValue 'retraining' */
  readonly queueName: string;
  /** Prefix of every Redis key (BullMQ's `prefix` option and the trigger keys). @defaultValue 'mlops' */
  readonly prefix: string;
}

/** The default queue name and key prefix (the same prefix as the batch queue's). */
export const DEFAULT_RETRAINING_SPACE: RetrainingSpace = { queueName: 'retraining', prefix: 'mlops' };

/** The BullMQ job name of a retraining. */
export const RETRAIN_JOB_NAME = 'retrain';

/** A retrain job id: letters, digits, `_` or `-` (BullMQ job ids may not contain `:`). */
export const RETRAIN_JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** Redis key that records which job an alert episode started (SET NX, with a TTL). */
export function alertEpisodeKey(space: Pick<RetrainingSpace, 'prefix'>, episode: string): string {
  return `${space.prefix}:retraining:alert-episodes:${episode}`;
}

/** Redis key of a fixed-window rate-limit counter. */
export function rateLimitKey(space: Pick<RetrainingSpace, 'prefix'>, bucket: string, window: number): string {
  return `${space.prefix}:retraining:rate:${bucket}:${window}`;
}
