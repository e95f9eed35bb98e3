// The worker's configuration, read and validated once from the environment, defaults next to their meaning.

import { z } from 'zod';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { redisUrlFromEnv } from '@mlops/redis';
import { DEFAULT_BATCH_SPACE, DEFAULT_STALLED_JOB_SETTINGS } from '@mlops/batch';
import { liveDriftConfigFromEnv, type LiveDriftConfig } from '@mlops/drift/live-drift-config';
import { WorkerConfigError } from './errors';

const int = (min: number) => z.coerce.number().int().min(min);

const schema = z.object({
  /** Chunks scored at once by this process (onnxruntime runs one at a time; the rest overlaps Redis I/O). */
  WORKER_CONCURRENCY: int(1).default(2),
  MODEL_NAME: z.string().min(1).default('wine-quality'),
  /** A version folder; the latest when unset. */
  MODEL_VERSION: z.string().min(1).optional(),
  BATCH_QUEUE: z.string().min(1).default(DEFAULT_BATCH_SPACE.queueName),
  BATCH_PREFIX: z.string().min(1).default(DEFAULT_BATCH_SPACE.prefix),
  /** Seconds results are kept. */
  BATCH_TTL_SECONDS: int(60).default(86_400),
  /** How long SIGTERM waits for running chunks before closing forcibly. */
  SHUTDOWN_DEADLINE_MS: int(0).default(10_000),
  LOCK_DURATION_MS: int(100).default(DEFAULT_STALLED_JOB_SETTINGS.lockDurationMs),
  STALLED_INTERVAL_MS: int(100).default(DEFAULT_STALLED_JOB_SETTINGS.stalledIntervalMs),
  MAX_STALLED_COUNT: int(0).default(DEFAULT_STALLED_JOB_SETTINGS.maxStalledCount),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of GET /metrics (Prometheus); 0 picks a free one. Give each worker on one machine its own. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Interface of the metrics server: this machine only by default; 0.0.0.0 in containers. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** Default {@link WorkerConfig.metrics} port (OpenTelemetry's Prometheus exporter port). */
export const DEFAULT_METRICS_PORT = 9464;

/** The worker's settings. */
export interface WorkerConfig {
  readonly redisUrl: string;
  readonly modelRepository: string;
  readonly modelName: string;
  readonly modelVersion: string | undefined;
  readonly concurrency: number;
  readonly space: { readonly queueName: string; readonly prefix: string };
  readonly ttlSeconds: number;
  readonly shutdownDeadlineMs: number;
  readonly stalled: { readonly lockDurationMs: number; readonly stalledIntervalMs: number; readonly maxStalledCount: number };
  /** Minimum pino level of the logs (`LOG_LEVEL`). @defaultValue info */
  readonly logLevel: string;
  /**
   * Where GET /metrics listens (`METRICS_PORT`, `METRICS_HOST`). `portIsDefault`: METRICS_PORT was not set, so
   * a busy default port (a second worker on this machine) falls back to a free port instead of stopping.
   */
  readonly metrics: { readonly port: number; readonly host: string; readonly portIsDefault: boolean };
  /** Live drift of the scored rows (DRIFT_LIVE, DRIFT_WINDOW_ROWS, DRIFT_SAMPLE_RATE, DRIFT_CHECK_SECONDS, DRIFT_MIN_ROWS). */
  readonly drift: LiveDriftConfig;
}

/**
 * Reads the worker's configuration from the environment.
 * @throws WorkerConfigError naming each bad variable.
 * @example const config = readWorkerConfig(process.env);
 */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new WorkerConfigError(`invalid worker configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    redisUrl: redisUrlFromEnv(env),
    modelRepository: modelRepositoryFromEnv(env),
    modelName: c.MODEL_NAME,
    modelVersion: c.MODEL_VERSION,
    concurrency: c.WORKER_CONCURRENCY,
    space: { queueName: c.BATCH_QUEUE, prefix: c.BATCH_PREFIX },
    ttlSeconds: c.BATCH_TTL_SECONDS,
    shutdownDeadlineMs: c.SHUTDOWN_DEADLINE_MS,
    stalled: { lockDurationMs: c.LOCK_DURATION_MS, stalledIntervalMs: c.STALLED_INTERVAL_MS, maxStalledCount: c.MAX_STALLED_COUNT },
    logLevel: c.LOG_LEVEL,
    metrics: { port: c.METRICS_PORT ?? DEFAULT_METRICS_PORT, host: c.METRICS_HOST, portIsDefault: c.METRICS_PORT === undefined },
    drift: liveDriftConfigFromEnv(env),
  };
}
