// The worker process for real: scores a batch, survives Redis going away, and exits cleanly on SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchQueue, chunkJobOptions, readBatchStatus, submitJsonRows, type BatchProducerDeps } from '@mlops/batch';
import { createProducerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startTcpProxy, type TcpProxy } from '@mlops/redis/test-tcp-proxy';

const testRedis = await startTestRedis();
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

/** Starts `src/main.ts` with `env` on top of this process's environment, collecting its output. */
function spawnWorker(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
}

describe('the worker process with a bad configuration', () => {
  it('exits 1 with a one-line message naming LOG_LEVEL, not a stack trace', async () => {
    const { child, output } = spawnWorker({ LOG_LEVEL: 'loud' });
    expect(await exitOf(child)).toBe(1);
    expect(output()).toContain('LOG_LEVEL');
    expect(output(), 'no stack trace').not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!testRedis)('the worker process', () => {
  const space = { queueName: 'chunks', prefix: uniquePrefix() };
  let proxy: TcpProxy;
  let child: ChildProcess;
  let logs = '';
  let deps: BatchProducerDeps;

  beforeAll(async () => {
    const target = new URL(testRedis!.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const redis = createProducerConnection(testRedis!.url);
    await new Promise((resolve) => redis.once('ready', resolve));
    deps = { redis, queue: createBatchQueue(redis, space), space, chunkSize: 2, ttlSeconds: 600, jobOptions: chunkJobOptions() };
    child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, BATCH_PREFIX: space.prefix, BATCH_QUEUE: space.queueName, SHUTDOWN_DEADLINE_MS: '3000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
    await until(() => logs.includes('worker started'), 20_000, 'the worker logs "worker started"');
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await proxy.close();
    await deps.queue.close();
    await deleteKeysWithPrefix(deps.redis, space.prefix);
    deps.redis.disconnect();
  });

  async function scoreBatch(): Promise<void> {
    const outcome = await submitJsonRows(deps, [WINE, WINE, WINE]);
    await until(async () => (await readBatchStatus(deps.redis, space, outcome.batchId))?.state === 'completed', 20_000, `batch ${outcome.batchId} completes`);
  }

  it('scores a batch', async () => {
    await scoreBatch();
  });

  it('keeps running while Redis is away and resumes when it is back', async () => {
    await proxy.cut();
    await new Promise((r) => setTimeout(r, 1500));
    expect(child.exitCode, `the worker must not exit when Redis goes away; its logs:\n${logs}`).toBeNull();
    await proxy.restore();
    await scoreBatch();
  });

  it('exits with code 0 on SIGTERM after closing the worker', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toContain('"outcome":"graceful"');
  });
});

describe.skipIf(!testRedis)('a worker process whose Redis went away', () => {
  let proxy: TcpProxy | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await proxy?.close();
  });

  it('still exits with code 0 soon after SIGTERM', async () => {
    const target = new URL(testRedis!.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const worker = spawnWorker({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, BATCH_PREFIX: uniquePrefix(), SHUTDOWN_DEADLINE_MS: '1000' });
    child = worker.child;
    await until(() => worker.output().includes('worker started') && worker.output().includes('connected to Redis'), 20_000, 'the worker connects to Redis');
    await proxy.cut();
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exitOf(child), `the worker must exit on SIGTERM while Redis is away; its logs:\n${worker.output()}`).toBe(0);
    // 1 s deadline + 1 s for the failure listener + 1 s for the model, plus process slack.
    expect(Date.now() - started).toBeLessThan(8000);
    // Which way it stops is a race (BullMQ's close may or may not be waiting on Redis at that moment):
    // the deadline exists so that both ways end in time, which is what the lines above check.
    expect(worker.output()).toMatch(/"outcome":"(forced|graceful)"/);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
