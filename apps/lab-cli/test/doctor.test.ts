// doctor: the version rule, a busy port, and a full run on this machine (warnings never fail it).
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNode, checkPort, checkRedis } from '../src/doctor/checks';

describe('checkNode', () => {
  it('accepts the tested majors from 20.19 on', () => {
    expect(checkNode('20.19.0').status).toBe('ok');
    expect(checkNode('v22.11.0').status).toBe('ok');
  });

  it('warns below 20.19 with the fix', () => {
    expect(checkNode('20.18.3')).toMatchObject({ status: 'warn', fix: expect.stringContaining('nvm install 20') });
    expect(checkNode('18.20.0')).toMatchObject({ status: 'warn', label: expect.stringContaining('older than 20.19.0') });
  });

  it('warns on a newer major than tested, but never refuses it', () => {
    expect(checkNode('24.1.0')).toMatchObject({
      status: 'warn',
      label: 'Node 24 is newer than the versions this course is tested on (20, 22); it should work — report problems',
    });
    expect(checkNode('26.0.0').status, 'a warning, not a failure').toBe('warn');
    expect(checkNode('21.7.3')).toMatchObject({ status: 'warn', label: expect.stringContaining('Node 21 is not one of the versions') });
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
