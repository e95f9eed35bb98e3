// A real classroom for tests and the bench: real Redis under a unique prefix, real HTTP on 127.0.0.1, a movable clock.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { createLogger } from '@mlops/http-service';
import { deleteKeysWithPrefix, uniquePrefix } from '@mlops/redis/test-redis';
import { createClassroomApp } from '../../src/create-classroom-app';
import { RoomStore, type ClassInfo } from '../../src/room-store';
import { RoomStream } from '../../src/room-stream';
import type { LabInfo } from '../../src/room-types';

/** The labs of the course, as the page's columns. */
export const TEST_LABS: readonly LabInfo[] = [
  { id: '00', title: 'Set-up check', steps: 2 },
  { id: '01', title: 'API foundations', steps: 4 },
  { id: '02', title: 'Train and export to ONNX', steps: 3 },
  { id: '03', title: 'Serve the ONNX model', steps: 5 },
  { id: '04', title: 'Batch inference worker', steps: 5 },
];

/** Options of {@link startTestClassroom}. */
export interface TestClassroomOptions {
  readonly redisUrl: string;
  /** Reuse a prefix (a restarted classroom); a new unique one by default. */
  readonly prefix?: string;
  readonly stuckMinutes?: number;
  readonly reportsPerMinute?: number;
  readonly maxLearners?: number;
  readonly heartbeatMs?: number;
  readonly labs?: readonly LabInfo[];
  /** Keep the keys on stop (to start again on the same prefix). */
  readonly keepKeys?: boolean;
}

/** A running classroom. */
export interface TestClassroom {
  readonly url: string;
  readonly prefix: string;
  readonly info: ClassInfo;
  readonly store: RoomStore;
  readonly stream: RoomStream;
  readonly server: Server;
  /** Moves the classroom's clock (not the test's): a learner becomes stuck without anyone waiting. */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

/** Starts a classroom on 127.0.0.1 with a random port. */
export async function startTestClassroom(options: TestClassroomOptions): Promise<TestClassroom> {
  const prefix = options.prefix ?? `${uniquePrefix('classroom-test')}:`;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  let shift = 0;
  const clock = () => Date.now() + shift;
  const store = new RoomStore(redis, { prefix, ttlSeconds: 3600, maxLearners: options.maxLearners ?? 200, clock });
  const info = await store.openClass();
  const stream = new RoomStream({ clock, heartbeatMs: options.heartbeatMs ?? 15_000 });
  const app = createClassroomApp({
    store,
    stream,
    logger: createLogger({ level: 'silent' }),
    labs: options.labs ?? TEST_LABS,
    joinUrls: () => [url],
    stuckMinutes: options.stuckMinutes ?? 10,
    reportsPerMinute: options.reportsPerMinute ?? 600,
    clock,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    prefix,
    info,
    store,
    stream,
    server,
    advanceClock: (ms) => {
      shift += ms;
    },
    stop: async () => {
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.keepKeys) await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
