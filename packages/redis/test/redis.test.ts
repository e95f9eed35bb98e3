// Integration tests for the connection factories, eviction check and test helper, against a real Redis.

import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkEvictionPolicy,
  createProducerConnection,
  createWorkerConnection,
  execOrThrow,
  isRedisUnavailableError,
  redactRedisUrl,
  redisUrlFromEnv,
  TransactionAbortedError,
} from '../src/index';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '../src/test-redis';

const testRedis = await startTestRedis();

describe('redisUrlFromEnv', () => {
  it('uses REDIS_URL when set and the local default otherwise', () => {
    expect(redisUrlFromEnv({ REDIS_URL: 'redis://cache:6380' })).toBe('redis://cache:6380');
    expect(redisUrlFromEnv({})).toBe('redis://127.0.0.1:6379');
    expect(redisUrlFromEnv({ REDIS_URL: '  ' })).toBe('redis://127.0.0.1:6379');
  });

  it('hides passwords in URLs meant for logs', () => {
    expect(redactRedisUrl('redis://user:secret@host:6379')).toBe('redis://user:***@host:6379');
  });
});

describe('a producer connection to a closed port', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('rejects commands at once with an error recognised as "Redis unavailable"', async () => {
    // Reserve a free port, then close it so nothing listens there.
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const redis = createProducerConnection(`redis://127.0.0.1:${port}`);
    const started = Date.now();
    const error = await redis.get('anything').catch((e: unknown) => e);
    redis.disconnect();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isRedisUnavailableError(error), String(error)).toBe(true);
  });
});

describe.skipIf(!testRedis)('with a real Redis', () => {
  const url = testRedis?.url ?? '';

  it('reports the eviction policy and warns only when it is not noeviction', async () => {
    const redis = createWorkerConnection(url);
    const warnings: string[] = [];
    const check = await checkEvictionPolicy(redis, (m) => warnings.push(m));
    redis.disconnect();
    expect(check.policy).not.toBe('');
    expect(warnings.length).toBe(check.ok ? 0 : 1);
    if (!check.ok && check.policy !== 'unknown') expect(warnings[0]).toContain('noeviction');
  });

  it('deletes exactly the keys under a unique prefix', async () => {
    const redis = createProducerConnection(url);
    await new Promise((resolve) => redis.once('ready', resolve));
    const prefix = uniquePrefix();
    const other = uniquePrefix();
    await redis.mset(`${prefix}:a`, '1', `${prefix}:b`, '2', `${other}:c`, '3');
    expect(await deleteKeysWithPrefix(redis, prefix)).toBe(2);
    expect(await redis.get(`${other}:c`)).toBe('3');
    await deleteKeysWithPrefix(redis, other);
    redis.disconnect();
  });

  describe('execOrThrow', () => {
    it('returns the replies of a MULTI in command order', async () => {
      const redis = createProducerConnection(url);
      await new Promise((resolve) => redis.once('ready', resolve));
      const key = `${uniquePrefix()}:h`;
      try {
        expect(await execOrThrow(redis.multi().hset(key, 'a', '1').hlen(key).expire(key, 60))).toEqual([1, 1, 1]);
      } finally {
        await redis.del(key);
        redis.disconnect();
      }
    });

    it('throws the error of a failed command instead of leaving it in the replies', async () => {
      const redis = createProducerConnection(url);
      await new Promise((resolve) => redis.once('ready', resolve));
      const key = `${uniquePrefix()}:s`;
      try {
        await redis.set(key, 'a string');
        const error = await execOrThrow(redis.multi().hset(key, 'a', '1').get(key)).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'ReplyError', message: expect.stringContaining('WRONGTYPE') });
      } finally {
        await redis.del(key);
        redis.disconnect();
      }
    });

    it('throws TransactionAbortedError when a watched key changed before EXEC', async () => {
      const redis = createProducerConnection(url);
      const other = createProducerConnection(url);
      await Promise.all([redis, other].map((r) => new Promise((resolve) => r.once('ready', resolve))));
      const key = `${uniquePrefix()}:w`;
      try {
        await redis.watch(key);
        await other.set(key, 'changed');
        const error = await execOrThrow(redis.multi().set(key, 'mine')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TransactionAbortedError);
        expect(error).toMatchObject({ code: 'REDIS_TRANSACTION_ABORTED', name: 'TransactionAbortedError' });
        expect(await other.get(key)).toBe('changed');
      } finally {
        await other.del(key);
        redis.disconnect();
        other.disconnect();
      }
    });
  });
});
