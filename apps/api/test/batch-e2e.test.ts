// End to end with real processes: the API (in-process) queues the white-wine CSV, a real worker process scores it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { WHITE_WINE_CSV } from '@mlops/dataset';
import { redisUrlFromEnv } from '@mlops/redis';
import { deleteKeysWithPrefix } from '@mlops/redis/test-redis';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';

const logger = createLogger({ level: 'silent' });
const space = { BATCH_QUEUE: `api-e2e-${randomUUID()}`, BATCH_PREFIX: `api-e2e-${randomUUID()}` };

describe('batch scoring through the API and a worker process', () => {
  let api: Api;
  let worker: ChildProcess;
  beforeAll(async () => {
    api = await buildApi(readConfig({ ...process.env, ...space, MODEL_VERSION: '1' }), logger);
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../../worker/', import.meta.url),
      env: { ...process.env, ...space, MODEL_VERSION: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  });
  afterAll(async () => {
    if (worker.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    await api.close();
    const redis = new Redis(redisUrlFromEnv());
    await deleteKeysWithPrefix(redis, space.BATCH_PREFIX);
    redis.disconnect();
  });

  it('returns all 4898 white wines scored, in file order', async () => {
    const csv = await readFile(WHITE_WINE_CSV);
    const submitted = await request(api.app).post('/v1/batches').set('content-type', 'text/csv').send(csv);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const statusUrl = submitted.body.statusUrl as string;
    // A batch belongs to its submitter: status and results need the token the creation returned.
    const token = submitted.headers['batch-token'] as string;
    expect(token).toBe(submitted.body.token);

    let status = submitted.body;
    for (let i = 0; i < 300 && status.state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await request(api.app).get(statusUrl).set('batch-token', token).expect(200)).body;
    }
    expect(status.state).toBe('completed');
    expect(status.rows).toMatchObject({ total: 4898, scored: 4898, failed: 0 });

    await request(api.app).get(statusUrl).expect(404);
    const results = await request(api.app).get(`${statusUrl}/results?format=csv`).set('batch-token', token).buffer(true).expect(200);
    const lines = results.text.trim().split('\n');
    expect(lines).toHaveLength(1 + 4898);
    expect(lines[0]).toMatch(/band/);
  }, 60_000);

  it('keeps serving single predictions while the batch routes need Redis', async () => {
    const unreachable = await buildApi(readConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), logger);
    try {
      const res = await request(unreachable.app).post('/v1/batches').send({ rows: [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]] });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatch(/Redis/);
      await request(unreachable.app).get('/v2/health/ready').expect(200);
    } finally {
      await unreachable.close();
    }
  });
});
