// Composes the classroom from its configuration: Redis, the class, the lab columns, the stream and the app.

import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createProducerConnection, redactRedisUrl, redisUnavailableMessage } from '@mlops/redis';
import type { ClassroomConfig } from './config';
import { createClassroomApp } from './create-classroom-app';
import { joinUrls } from './join-urls';
import { labCatalog } from './lab-catalog';
import { RoomStore, type ClassInfo } from './room-store';
import { RoomStream } from './room-stream';

/** A composed classroom and how to release what it holds. */
export interface Classroom {
  readonly app: Express;
  readonly store: RoomStore;
  readonly stream: RoomStream;
  readonly info: ClassInfo;
  /** URLs learners join (this machine's LAN addresses, or CLASSROOM_URL). */
  readonly joinUrls: readonly string[];
  /** Tells the classroom the port it actually listens on (PORT=0 picks one), for the join URLs. */
  listeningOn(port: number): void;
  /** Ends the room streams. Call first on shutdown: open streams hold the HTTP server open. */
  endStreams(): void;
  /** Ends the streams and closes the Redis connection. */
  close(): Promise<void>;
}

/** Options of {@link buildClassroom}. */
export interface BuildOptions {
  /** Start a new class instead of resuming the one in Redis. */
  readonly fresh?: boolean;
  /** Repository root whose labs are the columns. */
  readonly root: string;
}

/**
 * Connects to Redis (failing within a few seconds with the fix when it does not answer), opens the class and
 * builds the app.
 */
export async function buildClassroom(config: ClassroomConfig, logger: Logger, options: BuildOptions): Promise<Classroom> {
  const redis = createProducerConnection(config.redisUrl, {
    connectionName: 'classroom',
    onError: (error) => logger.warn({ err: error.message, redis: redactRedisUrl(config.redisUrl) }, 'Redis connection problem'),
  });
  try {
    await ready(redis, 5000);
  } catch (error) {
    redis.disconnect();
    throw new Error(redisUnavailableMessage(config.redisUrl), { cause: error });
  }
  const store = new RoomStore(redis, { prefix: config.prefix, ttlSeconds: config.ttlSeconds, maxLearners: config.maxLearners });
  const info = await store.openClass({ fresh: options.fresh, code: config.classCode, instructorToken: config.instructorToken });
  const stream = new RoomStream();
  let urls = joinUrls({ host: config.host, port: config.port, publicUrl: config.publicUrl });
  const app = createClassroomApp({
    store,
    stream,
    logger,
    labs: labCatalog(options.root),
    joinUrls: () => urls,
    stuckMinutes: config.stuckMinutes,
    reportsPerMinute: config.reportsPerMinute,
    sessionSeconds: config.ttlSeconds,
  });
  return {
    app,
    store,
    stream,
    info,
    get joinUrls() {
      return urls;
    },
    listeningOn: (port) => {
      urls = joinUrls({ host: config.host, port, publicUrl: config.publicUrl });
    },
    endStreams: () => stream.close(),
    close: async () => {
      stream.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Resolves when the connection is ready; rejects at the first connection error or after `timeoutMs`. */
function ready(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const timer = setTimeout(() => settle(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', onReady);
    redis.once('error', settle);
  });
}
