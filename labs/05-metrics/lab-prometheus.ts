// Starts a Prometheus for lab 05 (Debian's package): it scrapes the lab API and evaluates YOUR alert rule.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertingRule } from '@mlops/metrics/promtool';

/** A running Prometheus. */
export interface LabPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/** Where Prometheus is: `PROMETHEUS`, else Debian's path; undefined when it is not installed. */
export function prometheusBinary(): string | undefined {
  const binary = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
  return existsSync(binary) ? binary : undefined;
}

/**
 * Runs `binary` with a config that scrapes `target` (host:port) as job `api` every `interval` and evaluates
 * `rules` at the same pace, storing its data in a temporary folder removed on stop. Resolves once it is ready.
 */
export async function startLabPrometheus(binary: string, target: string, port: number, rules: readonly AlertingRule[], interval = '2s'): Promise<LabPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'lab05-prometheus-'));
  writeFileSync(join(dir, 'alerts.rules.yml'), JSON.stringify({ groups: [{ name: 'lab-05', rules }] }, null, 2));
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: ['alerts.rules.yml'],
    scrape_configs: [{ job_name: 'api', static_configs: [{ targets: [target] }] }],
  };
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  let output = '';
  const child: ChildProcess = spawn(binary, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!output.includes('Server is ready to receive web requests.')) return;
      child.stderr!.off('data', check);
      resolve();
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`Prometheus exited (${code}); its output:\n${output.trim().split('\n').slice(-5).join('\n')}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}
