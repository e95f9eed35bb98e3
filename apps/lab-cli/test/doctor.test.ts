// doctor: the version rule, a busy port, and a full run on this machine (warnings never fail it).
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNode, checkPort, checkRedis } from '../src/doctor/checks';

describe('checkNode', () => {
  it('warns below 20.19 with the fix and never refuses a newer Node', () => {
    expect(checkNode('20.18.3')).toMatchObject({ status: 'warn', fix: expect.stringContaining('nvm install 22') });
    expect(checkNode('18.20.0').status).toBe('warn');
    expect(checkNode('20.19.0').status).toBe('ok');
    expect(checkNode('26.0.0').status).toBe('ok');
  });
});

describe('checkPort', () => {
  it('warns when the port is taken, with the command to find who holds it', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, done));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await checkPort(port)).toMatchObject({ status: 'warn', label: `port ${port} is in use`, fix: expect.stringContaining(`lsof -i :${port}`) });
    } finally {
      server.close();
    }
  });
});

describe('checkRedis', () => {
  it('warns with the start command when nothing listens at the URL', async () => {
    const result = await checkRedis('redis://127.0.0.1:1');
    expect(result).toMatchObject({ status: 'warn', fix: expect.stringContaining('docker compose up -d redis') });
  });
});

describe('lab doctor', () => {
  it('checks every item and exits 0 when only warnings remain', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../src/main.ts'), 'doctor'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    const out = `${run.stdout}${run.stderr}`;
    for (const item of ['Node ', 'dependencies', 'onnxruntime-node loads and runs', 'TensorFlow.js backend', 'Redis', 'Docker', 'port 8080']) {
      expect(out, `doctor output should mention ${item}`).toContain(item);
    }
    expect(run.status, out).toBe(0);
  });
});
