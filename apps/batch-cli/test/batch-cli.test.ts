// Runs the CLI as a process against a real batch API: submit --wait --out, status, and a clear error when the API is down.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchQueue, createBatchRouter, startBatchWorker, type BatchWorker } from '@mlops/batch';
import { WHITE_WINE_CSV } from '@mlops/dataset/paths';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createProducerConnection, createWorkerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { loadModel, type LoadedModel } from '@mlops/serving';
import { HttpError } from '@mlops/http-service/http-error';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const testRedis = await startTestRedis();

const defaultTokens = join(tmpdir(), `batch-cli-tokens-${process.pid}.json`);

function cli(args: string[], apiUrl: string, tokensFile = defaultTokens) {
  const env = { ...process.env, API_URL: apiUrl, NO_COLOR: '1', FORCE_COLOR: '0', BATCH_TOKENS_FILE: tokensFile, BATCH_TOKEN: '' };
  return run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env }).catch(
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }),
  );
}

describe('the batch CLI without an API', () => {
  it('says a file to submit does not exist before trying the API', async () => {
    const result = await cli(['submit', '/nonexistent.csv'], 'http://127.0.0.1:9');
    expect(result).toMatchObject({ failed: true, code: 1 });
    expect(result.stderr).toContain('/nonexistent.csv does not exist');
    expect(result.stderr).not.toContain('cannot reach the API');
  });

  it('says a folder is not a file', async () => {
    const result = await cli(['submit', tmpdir()], 'http://127.0.0.1:9');
    expect(result.stderr).toContain(`${tmpdir()} is not a file`);
  });
});

describe.skipIf(!testRedis)('the batch CLI', () => {
  const space = { queueName: 'chunks', prefix: uniquePrefix() };
  const redis = createProducerConnection(testRedis?.url ?? '');
  const queue = createBatchQueue(redis, space);
  const connections = [createWorkerConnection(testRedis?.url ?? ''), createWorkerConnection(testRedis?.url ?? '')];
  let server: Server;
  let worker: BatchWorker;
  let model: LoadedModel;
  let apiUrl = '';
  let dir = '';

  beforeAll(async () => {
    model = await loadModel({ repository: modelRepositoryFromEnv(), name: 'wine-quality' });
    worker = startBatchWorker({ connection: connections[0]!, eventsConnection: connections[1]!, space, scorer: model });
    const app = express();
    app.use(createBatchRouter({ redis, queue, space }));
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      res.status(error instanceof HttpError ? error.status : 500).json({ error: (error as Error).message });
    });
    server = app.listen(0);
    apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    dir = await mkdtemp(join(tmpdir(), 'batch-cli-'));
  });
  afterAll(async () => {
    server.close();
    await worker.close(2000);
    await queue.close();
    await model.close();
    await deleteKeysWithPrefix(redis, space.prefix);
    for (const c of [redis, ...connections]) c.disconnect();
    await rm(dir, { recursive: true, force: true });
    await rm(defaultTokens, { force: true });
  });

  it('submits the white wines, waits with plain progress lines, and writes 4898 results in row order', async () => {
    const out = join(dir, 'results.csv');
    const result = await cli(['submit', WHITE_WINE_CSV, '--wait', '--out', out, '--batch-id', 'cli-white'], apiUrl);
    expect(result.stderr).toContain('submitted cli-white: 4898 rows');
    expect(result.stderr).toMatch(/completed: 4898 scored, 0 failed/);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4899);
    expect(lines[1]).toMatch(/^0,2,(low|medium|high),/);
    expect(lines[4898]).toMatch(/^4897,4899,/);

    const status = await cli(['status', 'cli-white'], apiUrl);
    expect(JSON.parse(status.stdout)).toMatchObject({ batchId: 'cli-white', state: 'completed', percent: 100 });
  });

  it('keeps each batch token in a file only its user can read, and needs it to read the batch', async () => {
    const tokens = JSON.parse(await readFile(defaultTokens, 'utf8')) as Record<string, string>;
    const token = tokens[`${apiUrl} cli-white`]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(defaultTokens)).mode & 0o777).toBe(0o600);

    // Another user (their own token file) cannot read it, not even knowing the id.
    const otherFile = join(dir, 'other-tokens.json');
    const noToken = await cli(['status', 'cli-white'], apiUrl, otherFile);
    expect(noToken).toMatchObject({ failed: true, code: 1 });
    expect(noToken.stderr).toContain('no token for batch cli-white');
    const given = await cli(['status', 'cli-white', '--token', token], apiUrl, otherFile);
    expect(JSON.parse(given.stdout)).toMatchObject({ batchId: 'cli-white', state: 'completed' });
  });

  it('says how to fix it when the API is not running', async () => {
    const result = await cli(['status', 'x', '--token', 'x'.repeat(43)], 'http://127.0.0.1:9');
    expect(result).toMatchObject({ failed: true, code: 1 });
    expect(result.stderr).toContain('cannot reach the API at http://127.0.0.1:9');
  });
});
