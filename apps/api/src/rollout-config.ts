// Settings of model rollouts in the API: the admin token of the repository routes, and the canary's share, mode and policy.

import { z } from 'zod';
import type { CanaryPolicy } from '@mlops/model-lifecycle/canary-decision';

const schema = z.object({
  /** Bearer token of the model repository routes (POST /v2/repository/...); unset: they answer 403 saying how to enable them. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').max(1000).optional(),
  /** Admin requests per minute and remote address; more get 429. */
  ADMIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Whole percent of live traffic (by request id) the candidate alias's version gets beside production; 0 turns the canary off. */
  CANARY_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  /** canary: the candidate answers its share; shadow: production answers everything and the candidate scores a copy of its share. */
  CANARY_MODE: z.enum(['canary', 'shadow']).default('canary'),
  /** Requests each version must have served before a promotion (an early rollback needs fewer). */
  CANARY_MIN_REQUESTS: z.coerce.number().int().min(1).max(10_000_000).default(500),
  /** How much the candidate's error ratio may exceed production's (absolute; 0.01 = one point). */
  CANARY_MAX_ERROR_RATIO_INCREASE: z.coerce.number().min(0).max(1).default(0.01),
  /** The candidate's p95 latency may be at most this multiple of production's. */
  CANARY_MAX_LATENCY_RATIO: z.coerce.number().min(1).max(100).default(1.25),
  /** Largest Jensen-Shannon distance between the two versions' prediction distributions. */
  CANARY_MAX_PREDICTION_DISTANCE: z.coerce.number().min(0).max(1).default(0.3),
  /** Seconds between two looks at the aliases and the canary's figures. */
  ROLLOUT_CHECK_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),
});

/** The validated rollout settings. */
export interface RolloutConfig {
  readonly adminToken: string | undefined;
  readonly adminRateLimit: { readonly limit: number; readonly windowSeconds: number };
  readonly canaryPercent: number;
  readonly canaryMode: 'canary' | 'shadow';
  readonly policy: CanaryPolicy;
  readonly checkSeconds: number;
}

/**
 * Reads the rollout settings from `env`.
 * @throws Error listing every invalid variable and what it must be (never the token's value).
 */
export function rolloutConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RolloutConfig {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const result = schema.safeParse(picked);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  const c = result.data;
  return {
    adminToken: c.ADMIN_TOKEN,
    adminRateLimit: { limit: c.ADMIN_RATE_LIMIT, windowSeconds: 60 },
    canaryPercent: c.CANARY_PERCENT,
    canaryMode: c.CANARY_MODE,
    policy: {
      minRequests: c.CANARY_MIN_REQUESTS,
      maxErrorRatioIncrease: c.CANARY_MAX_ERROR_RATIO_INCREASE,
      maxLatencyRatio: c.CANARY_MAX_LATENCY_RATIO,
      maxPredictionDistance: c.CANARY_MAX_PREDICTION_DISTANCE,
    },
    checkSeconds: c.ROLLOUT_CHECK_SECONDS,
  };
}
