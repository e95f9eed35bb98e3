// `npm start`'s API process for real: it listens on PORT, serves /healthz, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('the API process', () => {
  it('starts, serves /healthz and shuts down gracefully on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: 'redis://127.0.0.1:1', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout! });
    let port: number | undefined;
    for await (const line of lines) {
      const entry = JSON.parse(line) as { port?: number; msg: string };
      if (entry.port && /listening/.test(entry.msg)) {
        port = entry.port;
        break;
      }
    }
    expect(port, 'the API should log the port it listens on').toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }, 30_000);
});
