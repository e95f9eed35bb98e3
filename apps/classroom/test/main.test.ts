// `npm run classroom` for real: it prints the join command and the room link, and stops promptly with a page open.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, startTestRedis, uniquePrefix } from '@mlops/redis/test-redis';
import { describe, expect, it } from 'vitest';
import { joinLearner, readRoomStream } from './support/room-client';

const redis = await startTestRedis();

describe.skipIf(!redis)('the classroom process', () => {
  it('prints the join command and the room link, serves them, and exits 0 on SIGTERM with a room page open', async () => {
    const prefix = `${uniquePrefix('classroom-main')}:`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--new-class'], {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis!.url, CLASSROOM_PREFIX: prefix, LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const output: string[] = [];
    let roomLink: string | undefined;
    let join: RegExpExecArray | null = null;
    try {
      for await (const line of createInterface({ input: child.stdout! })) {
        output.push(line);
        join ??= /npm run lab -- join (http:\/\/127\.0\.0\.1:\d+) --code ([A-Z0-9]{6}) --name "<your name>"/.exec(line);
        roomLink ??= /^\s+(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/.exec(line)?.[1];
        if (/listening/.test(line)) break;
      }
      expect(join, output.join('\n')).not.toBeNull();
      expect(roomLink, output.join('\n')).toBeDefined();
      const [, url, code] = join!;
      const token = roomLink!.split('#token=')[1]!;
      await joinLearner(url!, code!, 'Ana');
      const stream = await readRoomStream(url!, token);
      const snapshot = await stream.waitFor((e) => e.event === 'snapshot');
      expect(snapshot.event === 'snapshot' && snapshot.data.learners.map((l) => l.name)).toEqual(['Ana']);
      const stopping = performance.now();
      child.kill('SIGTERM');
      const [exitCode] = await exited;
      expect(exitCode).toBe(0);
      expect(performance.now() - stopping, 'an open room stream must not hold the shutdown up').toBeLessThan(1500);
      stream.close();
    } finally {
      child.kill('SIGKILL');
      const client = new Redis(redis!.url);
      await deleteKeysWithPrefix(client, prefix);
      await client.quit();
    }
  }, 30_000);

  it('says how to fix an unreachable Redis, and exits 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, PORT: '0', REDIS_URL: 'redis://127.0.0.1:1', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(out).toMatch(/classroom did not start: cannot reach Redis at redis:\/\/127\.0\.0\.1:1; start Redis/);
  }, 30_000);
});
