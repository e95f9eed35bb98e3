// The retrainer's configuration, read and validated once from the environment, defaults next to their meaning.

import { resolve } from 'node:path';
import { z } from 'zod';
import { RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { redisUrlFromEnv } from '@mlops/redis';
import { DEFAULT_RETRAIN_GATE, DEFAULT_RETRAIN_STALLED, DEFAULT_RETRAINING_SPACE, type RetrainDataConfig, type RetrainGatePolicy, type RetrainStalledSettings, type RetrainTrainingOptions } from '@mlops/retraining';
import { RetrainerConfigError } from './errors';

const int = (min: number) => z.coerce.number().int().min(min);
const fraction = z.coerce.number().min(0).max(1);

const schema = z.object({
  RETRAIN_QUEUE: z.string().min(1).default(DEFAULT_RETRAINING_SPACE.queueName),
  RETRAIN_PREFIX: z.string().min(1).default(DEFAULT_RETRAINING_SPACE.prefix),
  /** The data production was trained on. */
  RETRAIN_REFERENCE_DATA: z.string().min(1).default(RED_WINE_CSV),
  /** Comma-separated CSV files of new rows (the drifted population with labels); the white wines by default. */
  RETRAIN_NEW_DATA: z.string().min(1).default(WHITE_WINE_CSV),
  RETRAIN_SEED: int(0).default(42),
  /** Maximum epochs; early stopping (RETRAIN_PATIENCE) usually ends sooner. */
  RETRAIN_EPOCHS: int(1).default(200),
  RETRAIN_PATIENCE: int(1).default(20),
  TFJS_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  GATE_OLD_POPULATION: z.string().min(1).default(DEFAULT_RETRAIN_GATE.oldPopulation),
  GATE_NEW_POPULATION: z.string().min(1).default(DEFAULT_RETRAIN_GATE.newPopulation),
  /** Macro-F1 the candidate must gain on the new population. */
  GATE_MARGIN: fraction.default(DEFAULT_RETRAIN_GATE.margin),
  /** Macro-F1 the candidate may lose on the old population. */
  GATE_TOLERANCE: fraction.default(DEFAULT_RETRAIN_GATE.tolerance),
  GATE_MIN_ROWS: int(1).default(50),
  /** Retrainings at once; training is CPU-bound. */
  RETRAIN_CONCURRENCY: int(1).default(1),
  /** How long SIGTERM waits for a running retraining; past it the job is retried by another worker. */
  SHUTDOWN_DEADLINE_MS: int(0).default(10_000),
  LOCK_DURATION_MS: int(100).default(DEFAULT_RETRAIN_STALLED.lockDurationMs),
  STALLED_INTERVAL_MS: int(100).default(DEFAULT_RETRAIN_STALLED.stalledIntervalMs),
  MAX_STALLED_COUNT: int(0).default(DEFAULT_RETRAIN_STALLED.maxStalledCount),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The retrainer's settings. */
export interface RetrainerConfig {
  readonly redisUrl: string;
  readonly modelRepository: string;
  readonly space: { readonly queueName: string; readonly prefix: string };
  readonly data: RetrainDataConfig;
  readonly training: Required<RetrainTrainingOptions>;
  readonly gate: RetrainGatePolicy;
  readonly concurrency: number;
  readonly shutdownDeadlineMs: number;
  readonly stalled: RetrainStalledSettings;
  readonly logLevel: string;
}

/**
 * Reads the retrainer's configuration from the environment; relative data paths start at `cwd`.
 * @throws RetrainerConfigError naming each bad variable
 * @example const config = readRetrainerConfig(process.env);
 */
export function readRetrainerConfig(env: NodeJS.ProcessEnv = process.env, cwd = env.INIT_CWD || process.cwd()): RetrainerConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new RetrainerConfigError(`invalid retrainer configuration: ${problems}`);
  }
  const c = parsed.data;
  if (c.GATE_OLD_POPULATION === c.GATE_NEW_POPULATION) throw new RetrainerConfigError(`invalid retrainer configuration: GATE_OLD_POPULATION and GATE_NEW_POPULATION are both "${c.GATE_OLD_POPULATION}"`);
  const newRows = c.RETRAIN_NEW_DATA.split(',').map((p) => p.trim()).filter(Boolean);
  if (newRows.length === 0) throw new RetrainerConfigError('invalid retrainer configuration: RETRAIN_NEW_DATA names no file');
  return {
    redisUrl: redisUrlFromEnv(env),
    modelRepository: modelRepositoryFromEnv(env),
    space: { queueName: c.RETRAIN_QUEUE, prefix: c.RETRAIN_PREFIX },
    data: { reference: resolve(cwd, c.RETRAIN_REFERENCE_DATA), newRows: newRows.map((p) => resolve(cwd, p)) },
    training: { seed: c.RETRAIN_SEED, epochs: c.RETRAIN_EPOCHS, patience: c.RETRAIN_PATIENCE, backend: c.TFJS_BACKEND },
    gate: { oldPopulation: c.GATE_OLD_POPULATION, newPopulation: c.GATE_NEW_POPULATION, margin: c.GATE_MARGIN, tolerance: c.GATE_TOLERANCE, minRows: c.GATE_MIN_ROWS },
    concurrency: c.RETRAIN_CONCURRENCY,
    shutdownDeadlineMs: c.SHUTDOWN_DEADLINE_MS,
    stalled: { lockDurationMs: c.LOCK_DURATION_MS, stalledIntervalMs: c.STALLED_INTERVAL_MS, maxStalledCount: c.MAX_STALLED_COUNT },
    logLevel: c.LOG_LEVEL,
  };
}
