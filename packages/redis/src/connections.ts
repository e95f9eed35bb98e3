// ioredis connection factories: patient connections for BullMQ workers, fail-fast ones for producers and APIs.

import { Redis, type RedisOptions } from 'ioredis';
import { redactRedisUrl } from './redis-url';

/** Receives connection errors; ioredis prints "Unhandled error event" when nobody listens. */
export type RedisErrorListener = (error: Error) => void;

/** Options shared by both factories. */
export interface ConnectionOptions {
  /** Called for connection errors (at most once per second per connection). @defaultValue ignore */
  readonly onError?: RedisErrorListener;
  /** A name shown by `CLIENT LIST`, handy when several workers share a Redis. */
  readonly connectionName?: string;
  /** Extra ioredis options, merged last. */
  readonly redisOptions?: RedisOptions;
}

function attachErrorListener(redis: Redis, onError: RedisErrorListener | undefined): Redis {
  let last = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    onError?.(error);
  });
  return redis;
}

/**
 * A connection for a BullMQ `Worker` (and a worker's own result writes): `maxRetriesPerRequest: null`
 * so commands wait while ioredis reconnects, as BullMQ requires for blocking connections. The worker
 * keeps running when Redis goes away and resumes when it is back.
 * @example new Worker(queueName, processor, { connection: createWorkerConnection(url) })
 */
export function createWorkerConnection(url: string, options: ConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: options.connectionName,
    // Reconnect forever, backing off to at most 2 s between attempts.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    ...options.redisOptions,
  });
  return attachErrorListener(redis, options.onError);
}

/**
 * A connection for producers and HTTP handlers that must fail fast: with `enableOfflineQueue: false`
 * a command issued while Redis is down rejects at once instead of queueing, so an API can answer 503
 * within milliseconds. It still reconnects in the background.
 * @example const redis = createProducerConnection(redisUrlFromEnv());
 */
export function createProducerConnection(url: string, options: ConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    connectionName: options.connectionName,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...options.redisOptions,
  });
  return attachErrorListener(redis, options.onError);
}

/**
 * True when an error (or its cause, two levels down) means "Redis cannot serve this right now": refused,
 * closed or offline connections, commands aborted when the connection closed (ioredis `AbortError`) and
 * timed-out commands, as opposed to a command that Redis answered with an error (`ReplyError`).
 */
export function isRedisUnavailableError(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.name === 'ReplyError') return false;
    const text = `${e.name} ${e.message} ${(e as { code?: string }).code ?? ''}`;
    if (UNAVAILABLE.test(text)) return true;
  }
  return false;
}

const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest|Reached the max retries|Stream isn't writeable|AbortError|Command aborted due to connection close|Command timed out/i;

/** A one-line explanation for people: which Redis is unreachable and how to fix it. */
export function redisUnavailableMessage(url: string): string {
  return `cannot reach Redis at ${redactRedisUrl(url)}; start Redis (for example \`docker compose up -d redis\`) or set REDIS_URL, then retry`;
}
