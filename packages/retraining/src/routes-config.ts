// Settings of the retraining routes from the environment (RETRAINING_*, RETRAIN_QUEUE, RETRAIN_PREFIX), validated once.

import type { RateLimit } from './rate-limit';
import { DEFAULT_RETRAINING_SPACE, type RetrainingSpace } from './retraining-space';

/** What an API passes to `createRetrainingRouter` besides its Redis connection, queue and models. */
export interface RetrainingRoutesConfig {
  /** RETRAINING_TOKEN: the bearer token of both triggers; unset, they answer 403. At least 16 characters. */
  readonly token: string | undefined;
  /** RETRAIN_QUEUE, RETRAIN_PREFIX: must match the retrainers'. @defaultValue DEFAULT_RETRAINING_SPACE */
  readonly space: RetrainingSpace;
  /** RETRAINING_REQUESTS_PER_MINUTE: requests to the two triggers. @defaultValue 60 */
  readonly requestLimit: RateLimit;
  /** RETRAININGS_PER_HOUR: new retrainings started. @defaultValue 4 */
  readonly retrainLimit: RateLimit;
}

/** Thrown for a variable that cannot be used; the message names it and what it accepts. */
export class RetrainingConfigError extends Error {
  readonly code = 'RETRAINING_CONFIG_INVALID';
  override readonly name = 'RetrainingConfigError';
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (!NAME.test(value)) throw new RetrainingConfigError(`${name}="${value.slice(0, 100)}" is not valid: use 1-100 letters, digits, "_", "-" or "." (no ":")`);
  return value;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new RetrainingConfigError(`${name}="${value.slice(0, 20)}" is not valid: use a whole number from 1 to 100000`);
  return n;
}

/**
 * Reads RETRAINING_TOKEN, RETRAIN_QUEUE, RETRAIN_PREFIX, RETRAINING_REQUESTS_PER_MINUTE and RETRAININGS_PER_HOUR.
 * @throws RetrainingConfigError naming the variable (the token's value is never repeated)
 * @example createRetrainingRouter({ redis, queue: createRetrainQueue(redis, config.space), models: ['wine-quality'], ...config })
 */
export function retrainingRoutesConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RetrainingRoutesConfig {
  const token = env.RETRAINING_TOKEN?.trim();
  if (token !== undefined && token !== '' && !/^[\x21-\x7e]{16,1000}$/.test(token)) {
    throw new RetrainingConfigError('RETRAINING_TOKEN is not valid: use 16 to 1000 printable characters without spaces, e.g. the output of `openssl rand -hex 24`');
  }
  return {
    token: token === '' ? undefined : token,
    space: { queueName: text(env, 'RETRAIN_QUEUE', DEFAULT_RETRAINING_SPACE.queueName), prefix: text(env, 'RETRAIN_PREFIX', DEFAULT_RETRAINING_SPACE.prefix) },
    requestLimit: { limit: count(env, 'RETRAINING_REQUESTS_PER_MINUTE', 60), windowSeconds: 60 },
    retrainLimit: { limit: count(env, 'RETRAININGS_PER_HOUR', 4), windowSeconds: 3600 },
  };
}
