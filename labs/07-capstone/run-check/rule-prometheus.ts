// A real Prometheus (Debian's package) whose rules play the stack: drift gauges as recording rules and the drift alert.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running Prometheus. */
export interface RulePrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/** Where Prometheus is: `PROMETHEUS`, else Debian's path. */
export const PROMETHEUS_BINARY = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
export const prometheusInstalled = (): boolean => existsSync(PROMETHEUS_BINARY);

const labelled = (expr: string, labels: Record<string, string>): string =>
  Object.entries(labels).reduce((e, [k, v]) => `label_replace(${e}, "${k}", "${v}", "", "")`, expr);

/**
 * Starts Prometheus with recording rules that write v1's gauges (drift, 600 rows, checked now) and v2's (no drift,
 * 600 rows, checked now) under job "api", and ModelDataDrift on `model_drift_detected == 1` with `for: 0s`.
 */
export async function startRulePrometheus(): Promise<RulePrometheus> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  const dir = mkdtempSync(join(tmpdir(), 'lab07-prometheus-'));
  const gauges = (version: string, detected: number) => [
    { record: 'model_drift_detected', expr: labelled(`vector(${detected})`, { model: 'wine-quality', version }), labels: { job: 'api' } },
    { record: 'model_drift_window_rows', expr: labelled('vector(600)', { model: 'wine-quality', version }), labels: { job: 'api' } },
    { record: 'model_drift_last_check_timestamp_seconds', expr: labelled('vector(time())', { model: 'wine-quality', version }), labels: { job: 'api' } },
  ];
  const rules = {
    groups: [
      { name: 'gauges', interval: '1s', rules: [...gauges('1', 1), ...gauges('2', 0)] },
      { name: 'drift', interval: '1s', rules: [{ alert: 'ModelDataDrift', expr: 'max by (model, version) (model_drift_detected == 1)', for: '0s' }] },
    ],
  };
  writeFileSync(join(dir, 'rules.yml'), JSON.stringify(rules));
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify({ global: { evaluation_interval: '1s' }, rule_files: ['rules.yml'] }));
  let output = '';
  const child: ChildProcess = spawn(PROMETHEUS_BINARY, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (output.includes('Server is ready to receive web requests.')) resolve();
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`Prometheus exited (${code}):\n${output.trim().split('\n').slice(-5).join('\n')}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}
