// Redis failing while a batch is uploaded: 503 with the retry advice, logs without row data (issue 12, item 6).

import { request as httpRequest } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { Readable, Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createProducerConnection } from '@mlops/redis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { startTcpProxy } from '@mlops/redis/test-tcp-proxy';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { createBatchQueue, createBatchRouter } from '../src/index';

const testRedis = await startTestRedis();

/**
 * A proxy to Redis that, once armed, passes on only the first 5 bytes of Redis' next answer (`+OK\r\n` of a
 * MULTI) and then closes both sides: the commands queued after it are aborted by ioredis (`AbortError`).
 */
async function startTruncatingProxy(target: URL): Promise<{ port: number; arm(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let armed = false;
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream);
    upstream.on('data', (data: Buffer) => {
      if (!armed) return void client.write(data);
      armed = false;
      client.end(data.subarray(0, 5), () => client.destroy());
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    arm: () => void (armed = true),
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), sockets.forEach((s) => s.destroy()))),
  };
}
const HEADER = 'fixed acidity,volatile acidity,citric acid,residual sugar,chlorides,free sulfur dioxide,total sulfur dioxide,density,pH,sulphates,alcohol';
const WINE = '7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4';

describe.skipIf(!testRedis)('Redis failing during an upload', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** The batch router behind a proxy to the test Redis, with the app's error handler and a captured log. */
  async function setUp(
    how: 'cut' | 'truncate',
  ): Promise<{ breakRedis: () => Promise<void>; direct: Redis; prefix: string; logLines: string[]; post: (body: Readable) => Promise<{ status: number; text: string }>; port: number }> {
    const target = new URL(testRedis!.url);
    let proxy: { port: number; close(): Promise<void> };
    let breakRedis: () => Promise<void>;
    if (how === 'cut') {
      const cutting = await startTcpProxy(target.hostname, Number(target.port || 6379));
      breakRedis = () => cutting.cut();
      proxy = cutting;
    } else {
      const truncating = await startTruncatingProxy(target);
      breakRedis = async () => truncating.arm();
      proxy = truncating;
    }
    cleanup.push(() => proxy.close());
    const direct = new Redis(testRedis!.url);
    const prefix = uniquePrefix();
    cleanup.push(async () => {
      await deleteKeysWithPrefix(direct, prefix);
      direct.disconnect();
    });
    const redis = createProducerConnection(`redis://127.0.0.1:${proxy.port}`);
    await new Promise((resolve) => redis.once('ready', resolve));
    const space = { queueName: 'chunks', prefix };
    const queue = createBatchQueue(redis, space);
    cleanup.push(async () => {
      await queue.close().catch(() => {});
      redis.disconnect();
    });
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (piece, _enc, done) => void (logLines.push(String(piece)), done()) }));
    const app = express();
    app.use((req, _res, next) => {
      (req as unknown as { log: pino.Logger }).log = logger;
      next();
    });
    app.use(createBatchRouter({ redis, queue, space, chunkSize: 500 }));
    app.use(createErrorHandler());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    cleanup.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
    const post = (body: Readable) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batches', headers: { 'content-type': 'text/csv', 'batch-id': 'cut-1' } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (piece: string) => (text += piece));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        body.pipe(req);
      });
    return { breakRedis, direct, prefix, logLines, post, port: proxy.port };
  }

  it.each(['cut', 'truncate'] as const)('answers 503 with the retry advice when Redis goes away mid-upload (%s), and logs no row data', async (how) => {
    const { breakRedis, direct, prefix, logLines, post, port } = await setUp(how);
    let phase = 0;
    // More rows than one flush of the producer (8000), so chunks are stored before the cut and sent after it.
    const rows = Array.from({ length: 9000 }, () => WINE).join('\n');
    const body = new Readable({
      read() {
        if (phase === 0) {
          phase = 1;
          this.push(`${HEADER}\n${rows}\n`);
          return;
        }
        if (phase === 1) {
          phase = 2;
          // Break Redis once the first 16 chunks are queued (the first flush is over), then send more rows.
          void (async () => {
            const deadline = Date.now() + 5000;
            while ((await direct.llen(`${prefix}:chunks:wait`)) < 16) {
              if (Date.now() > deadline) throw new Error('no chunk stored after 5 s');
              await new Promise((r) => setTimeout(r, 5));
            }
            await breakRedis();
            this.push(`${rows}\n${rows}\n`);
            this.push(null);
          })().catch((error: Error) => this.destroy(error));
        }
      },
    });
    const res = await post(body);
    expect(res.status, res.text.slice(0, 300)).toBe(503);
    expect(JSON.parse(res.text).error).toMatch(/retry/);
    const logged = logLines.join('');
    expect(logged, 'the log names the failure and where Redis is').toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(res.text, 'the response does not say where Redis is').not.toContain(String(port));
    expect(logged, 'the log holds no row data').not.toMatch(/"args"|"data":\[/);
    expect(Math.max(...logLines.map((l) => l.length))).toBeLessThan(4000);
  }, 15_000);
});
