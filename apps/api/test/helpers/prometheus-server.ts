// A real Prometheus for tests: infra/prometheus's config with test targets and a short interval, on a free port.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const INFRA_PROMETHEUS = resolve(import.meta.dirname, '../../../../infra/prometheus');

/** A running Prometheus and its HTTP API. */
export interface TestPrometheus {
  readonly url: string;
  /** An instant query; resolves with the result vector (throws on a query error, with Prometheus' message). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** GET an API path (`/api/v1/rules`) and return its `data`. */
  api<T>(path: string): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Starts Debian's /usr/bin/prometheus with infra/prometheus/prometheus.yml, its rules folder and targets files
 * pointing at `targets`, scraping and evaluating every `interval`. Resolves once it is ready for queries.
 */
export async function startPrometheus(targets: { api: string; worker: string }, interval = '250ms'): Promise<TestPrometheus> {
  const binary = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
  if (!existsSync(binary)) throw new Error(`no Prometheus at ${binary}: install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
  const dir = mkdtempSync(join(tmpdir(), 'test-prometheus-'));
  const config = readFileSync(join(INFRA_PROMETHEUS, 'prometheus.yml'), 'utf8');
  const fast = config.replace(/^(\s+scrape_interval:) 15s$/m, `$1 ${interval}`).replace(/^(\s+evaluation_interval:) 15s$/m, `$1 ${interval}`);
  if (!fast.includes(`scrape_interval: ${interval}`) || !fast.includes(`evaluation_interval: ${interval}`)) throw new Error('prometheus.yml no longer has "scrape_interval: 15s" and "evaluation_interval: 15s" for the test to shorten');
  writeFileSync(join(dir, 'prometheus.yml'), fast);
  symlinkSync(join(INFRA_PROMETHEUS, 'rules'), join(dir, 'rules'));
  mkdirSync(join(dir, 'targets'));
  writeFileSync(join(dir, 'targets/api.json'), JSON.stringify([{ targets: [targets.api], labels: { service: 'api' } }]));
  writeFileSync(join(dir, 'targets/batch-worker.json'), JSON.stringify([{ targets: [targets.worker], labels: { service: 'batch-worker' } }]));
  // No Alertmanager in this test: alerts are read back from Prometheus (ALERTS), not delivered.
  writeFileSync(join(dir, 'targets/alertmanager.json'), '[]');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(binary, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prometheus was not ready within 20 s; its output:\n${output}`)), 20_000);
      const check = () => {
        if (!output.includes('Server is ready to receive web requests.')) return;
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      child.once('exit', (code) => reject(new Error(`Prometheus exited (${code}) before it was ready; its output:\n${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    api,
    query: async (expr) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    output: () => output,
    stop,
  };
}
