// The capstone's stack on local processes: Redis, Prometheus, the API and batch workers, in one temp folder.

import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './processes.mjs';
import { http, waitFor } from './wait-for.mjs';
import { writePrometheusFiles } from './prometheus-files.mjs';

/** Settings the scenario runs with: short intervals so a class (or CI) sees the loop in minutes. */
export const SCENARIO_SETTINGS = {
  DRIFT_CHECK_SECONDS: '1',
  DRIFT_WINDOW_ROWS: '600',
  DRIFT_MIN_ROWS: '200',
  /** Small chunks, so the batch submitted before the swap is still being scored while the model changes. */
  BATCH_CHUNK_SIZE: '5',
  promIntervalSeconds: 1,
  ruleFor: '5s',
};

/**
 * Addresses and settings of one stack. Everything it writes is under `dir`: the model repository (a copy of
 * models/), Prometheus's files and data, and one log file per process.
 */
export async function planStack(repoRoot, dir) {
  const [redisPort, apiPort, promPort, w1, w2, amPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const modelRepository = join(dir, 'models');
  await mkdir(join(dir, 'logs'), { recursive: true });
  await cp(join(repoRoot, 'models'), modelRepository, { recursive: true });
  const prefix = `capstone-${process.pid}`;
  return {
    repoRoot,
    dir,
    modelRepository,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    redisPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    apiPort,
    promUrl: `http://127.0.0.1:${promPort}`,
    promPort,
    alertmanagerPort: amPort,
    workerMetricsPorts: [w1, w2],
    adminToken: `capstone-admin-${process.pid}-${Date.now()}`,
    retrainingToken: `capstone-retrain-${process.pid}-${Date.now()}`,
    batchPrefix: `${prefix}-batch`,
    retrainPrefix: `${prefix}-retrain`,
  };
}

/** Environment shared by the API, the workers and the retrainer. */
export function serviceEnv(plan) {
  return {
    REDIS_URL: plan.redisUrl,
    MODEL_REPOSITORY: plan.modelRepository,
    BATCH_PREFIX: plan.batchPrefix,
    RETRAIN_PREFIX: plan.retrainPrefix,
    LOG_FORMAT: 'json',
    ORT_DISABLE_TELEMETRY: '1',
    DRIFT_CHECK_SECONDS: SCENARIO_SETTINGS.DRIFT_CHECK_SECONDS,
    DRIFT_WINDOW_ROWS: SCENARIO_SETTINGS.DRIFT_WINDOW_ROWS,
    DRIFT_MIN_ROWS: SCENARIO_SETTINGS.DRIFT_MIN_ROWS,
  };
}

/** Resolves true when something accepts TCP connections at host:port within 1 s. */
async function answers(host, port) {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts redis-server on its own port, without persistence, with the eviction policy BullMQ needs. Where no
 * redis-server is installed, uses the machine's Redis (REDIS_URL, else 127.0.0.1:6379): the scenario's key prefixes
 * are its own (`capstone-<pid>-...`), so it shares nothing with other users of that Redis.
 */
export async function startRedis(group, plan) {
  const { execFileSync } = await import('node:child_process');
  let installed = true;
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    installed = false;
  }
  if (!installed) {
    const shared = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    if (!(await answers(shared.hostname, Number(shared.port || 6379)))) throw new Error(`no redis-server installed and nothing answers at ${shared.host}: install redis-server (apt-get install redis-server)`);
    plan.redisUrl = shared.href;
    return `no redis-server installed: using the Redis at ${shared.host} with the key prefixes ${plan.batchPrefix} and ${plan.retrainPrefix}`;
  }
  const child = group.start('redis', 'redis-server', [
    '--port', String(plan.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
  ]);
  await waitFor('redis-server answering', () => answers('127.0.0.1', plan.redisPort), { timeoutMs: 10_000, abort: () => exitedMessage(child) });
  return `redis-server on ${plan.redisUrl} (no persistence, noeviction)`;
}

/**
 * Starts the API (node + tsx, as npm start does) and waits until /v2/health/ready answers 200. The canary is off
 * (CANARY_PERCENT=0): this scenario swaps versions through the repository API; `extraEnv` turns it on.
 */
export async function startApi(group, plan, extraEnv = {}) {
  const child = group.start('api', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(plan.repoRoot, 'apps/api'),
    env: { ...serviceEnv(plan), PORT: String(plan.apiPort), ADMIN_TOKEN: plan.adminToken, RETRAINING_TOKEN: plan.retrainingToken, INFER_LOG_EVERY: '1000', CANARY_PERCENT: '0', BATCH_CHUNK_SIZE: SCENARIO_SETTINGS.BATCH_CHUNK_SIZE, ...extraEnv },
  });
  await waitFor('API ready (GET /v2/health/ready)', async () => (await http(`${plan.apiUrl}/v2/health/ready`)).status === 200, {
    timeoutMs: 60_000,
    abort: () => exitedMessage(child),
  });
  return child;
}

/** Starts batch worker `index` (0-based) serving `version`, with /metrics on its own port. */
export async function startWorker(group, plan, index, version) {
  const port = plan.workerMetricsPorts[index];
  const child = group.start(`worker-${index + 1}`, process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(plan.repoRoot, 'apps/worker'),
    env: { ...serviceEnv(plan), METRICS_PORT: String(port), MODEL_VERSION: version, WORKER_CONCURRENCY: '1' },
  });
  await waitFor(`worker ${index + 1} /metrics`, async () => (await http(`http://127.0.0.1:${port}/metrics`)).status === 200, {
    timeoutMs: 60_000,
    abort: () => exitedMessage(child),
  });
  return child;
}

/** Writes the shortened Prometheus files and starts /usr/bin/prometheus on them; waits until every target is up. */
export async function startPrometheus(group, plan, { alertmanager } = {}) {
  const promDir = join(plan.dir, 'prometheus');
  const { configPath, changed } = await writePrometheusFiles({
    repoRoot: plan.repoRoot,
    dir: promDir,
    apiTarget: `127.0.0.1:${plan.apiPort}`,
    workerTargets: plan.workerMetricsPorts.map((p) => `127.0.0.1:${p}`),
    intervalSeconds: SCENARIO_SETTINGS.promIntervalSeconds,
    forDuration: SCENARIO_SETTINGS.ruleFor,
    alertmanager,
  });
  const child = group.start('prometheus', 'prometheus', [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(promDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${plan.promPort}`,
    '--storage.tsdb.retention.time=1h',
    '--log.level=warn',
  ]);
  await waitFor('Prometheus scraping the API and both workers (every target up)', async () => {
    const { body } = await http(`${plan.promUrl}/api/v1/targets`);
    const targets = body?.data?.activeTargets ?? [];
    return targets.length === 3 && targets.every((t) => t.health === 'up');
  }, { timeoutMs: 30_000, abort: () => exitedMessage(child) });
  return { changed, promDir };
}

/** A message when `child` has exited (for waitFor's abort), naming its log. */
export function exitedMessage(child) {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  return `the process exited (${child.signalCode ?? child.exitCode}); see ${child.logPath}`;
}
