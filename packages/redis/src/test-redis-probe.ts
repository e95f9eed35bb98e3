// Test helper: does a Redis answer PING at this URL within a time limit?

import { createConnection } from 'node:net';

/**
 * True when a Redis at `url` answers PING within `timeoutMs`; never throws, never retries. A plain
 * `redis://host:port` is asked over a bare socket (no client library to load: the vitest global set-up runs this
 * before every test run); URLs with credentials, a database or TLS go through ioredis.
 */
export async function reachableRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const plain = parsed.protocol === 'redis:' && !parsed.username && !parsed.password && (parsed.pathname === '' || parsed.pathname === '/');
  return plain ? pingOverSocket(parsed.hostname.replace(/^\[|\]$/g, ''), Number(parsed.port || 6379), timeoutMs) : pingWithClient(url, timeoutMs);
}

function pingOverSocket(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    // Something else on that port may hang up without a word.
    socket.once('close', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function pingWithClient(url: string, timeoutMs: number): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
