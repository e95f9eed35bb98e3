// A worker closes within its deadline even when Redis went away (BullMQ's own close would wait forever).

import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createWorkerConnection } from '@mlops/redis';
import { startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startTcpProxy, type TcpProxy } from '@mlops/redis/test-tcp-proxy';
import { CLOSE_CLEANUP_MS, settleWithin, startBatchWorker, type RowScorer } from '../src/index';

const testRedis = await startTestRedis();
const scorer: RowScorer = { score: async (_features, rowCount) => new Float32Array(rowCount * 3) };

describe('settleWithin', () => {
  it('says whether a promise fulfilled in time, and never rejects', async () => {
    expect(await settleWithin(Promise.resolve(1), 100)).toBe(true);
    expect(await settleWithin(Promise.reject(new Error('no')), 100)).toBe(false);
    expect(await settleWithin(new Promise(() => {}), 20)).toBe(false);
  });
});

describe.skipIf(!testRedis)('closing a worker whose Redis went away', () => {
  let proxy: TcpProxy | undefined;
  const connections: Redis[] = [];
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await proxy?.close();
  });

  it('resolves "forced" within the deadline plus the cleanup allowance', async () => {
    const target = new URL(testRedis!.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const url = `redis://127.0.0.1:${proxy.port}`;
    connections.push(createWorkerConnection(url), createWorkerConnection(url));
    const { worker, close } = startBatchWorker({ connection: connections[0]!, eventsConnection: connections[1]!, space: { queueName: 'chunks', prefix: uniquePrefix() }, scorer });
    await worker.waitUntilReady();
    // Redis is gone for the worker once its connections have seen their sockets close.
    const closed = connections.map((c) => new Promise((resolve) => c.once('close', resolve)));
    await proxy.cut();
    await Promise.all(closed);

    const deadlineMs = 300;
    const started = Date.now();
    const outcome = await close(deadlineMs);
    expect(outcome).toBe('forced');
    expect(Date.now() - started, 'close() must not wait for Redis past its deadline').toBeLessThan(deadlineMs + CLOSE_CLEANUP_MS + 500);
  });
});
