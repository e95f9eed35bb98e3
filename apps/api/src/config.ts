// The API's configuration: read from the environment once, validated, with each default next to its meaning.

import { z } from 'zod';
import { DEFAULT_BATCH_SPACE } from '@mlops/batch/batch-space';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { redisUrlFromEnv } from '@mlops/redis';
import { liveDriftConfigFromEnv, type LiveDriftConfig } from '@mlops/drift/live-drift-config';
import { retrainingRoutesConfigFromEnv, type RetrainingRoutesConfig } from '@mlops/retraining/routes-config';
import { rolloutConfigFromEnv, type RolloutConfig } from './rollout-config';

const onOff = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

const schema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to bind: this machine only by default (a workshop room's Wi-Fi is not a safe network); 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** pino level: trace, debug, info, warn, error, fatal or silent. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Model served by /v1/predict and the v2 protocol. */
  MODEL_NAME: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a model folder name like wine-quality').default('wine-quality'),
  /** Version or alias to serve: "2", "production" or "candidate"; production (or the latest while no production alias is set) when unset. */
  MODEL_VERSION: z.string().regex(/^(\d+|production|candidate)$/, 'must be a version number like 1, or production or candidate').optional(),
  /** Largest JSON body accepted, in bytes or with a unit ("1mb"). */
  BODY_LIMIT: z.string().default('1mb'),
  /** Dynamic micro-batching of concurrent v2 infer requests. */
  BATCHING: onOff.default(true),
  /** Prometheus metrics: GET /metrics and the request, inference and model metrics behind it. */
  METRICS: onOff.default(true),
  /** Most rows merged into one onnxruntime run. */
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(256),
  /** Longest a request waits for companions, in ms (0: one event-loop turn). */
  MAX_QUEUE_DELAY_MS: z.coerce.number().min(0).max(1000).default(0),
  /** Log one in N successful v2 requests (refused and failed ones always); 1 logs every request. */
  INFER_LOG_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** Most rows in one v2 infer request. */
  MAX_INFER_ROWS: z.coerce.number().int().min(1).max(100_000).default(1024),
  /** Milliseconds in-flight requests get to finish on SIGTERM. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Rows per chunk job of a batch. */
  BATCH_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Queue name and key prefix shared with the workers (see apps/worker). */
  BATCH_QUEUE: z.string().min(1).default(DEFAULT_BATCH_SPACE.queueName),
  BATCH_PREFIX: z.string().min(1).default(DEFAULT_BATCH_SPACE.prefix),
  /** Seconds a batch's inputs, status and results are kept in Redis. */
  BATCH_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  /** Longest wait for one Redis command of the batch routes: a hung Redis gives a 503 after this, not a hung request. */
  BATCH_REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Longest CSV record (line) of a batch upload, in characters; a longer one is refused with a 413. */
  BATCH_MAX_RECORD_SIZE: z.coerce.number().int().min(256).max(16 * 1024 * 1024).default(64 * 1024),
});

/** The validated API configuration, plus the model repository folder. */
export type ApiConfig = z.infer<typeof schema> & { MODEL_REPOSITORY: string; REDIS_URL: string; DRIFT?: LiveDriftConfig; RETRAINING?: RetrainingRoutesConfig; ROLLOUT?: RolloutConfig };

/**
 * Reads the configuration from `env`.
 * @throws Error listing every invalid variable and what it must be.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  // Redis for the batch queue (REDIS_URL, default redis://127.0.0.1:6379): batch routes answer 503 while it is down.
  // Retraining triggers (RETRAINING_TOKEN, RETRAIN_QUEUE, RETRAIN_PREFIX, rate limits): see @mlops/retraining.
  // Rollouts (ADMIN_TOKEN, ADMIN_RATE_LIMIT, CANARY_*, ROLLOUT_CHECK_SECONDS): see rollout-config.ts.
  // Live drift (DRIFT_LIVE, DRIFT_WINDOW_ROWS, DRIFT_SAMPLE_RATE, DRIFT_CHECK_SECONDS, DRIFT_MIN_ROWS): see @mlops/drift.
  return { ...result.data, MODEL_REPOSITORY: modelRepositoryFromEnv(env), REDIS_URL: redisUrlFromEnv(env), DRIFT: liveDriftConfigFromEnv(env), RETRAINING: retrainingRoutesConfigFromEnv(env), ROLLOUT: rolloutConfigFromEnv(env) };
}
