// Runs Prometheus' promtool (Debian's `prometheus` package): lint exposition text, check and unit-test rule files.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where promtool is looked for: `PROMTOOL`, else Debian's path, else the PATH. */
export function promtoolPath(): string {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  return existsSync('/usr/bin/promtool') ? '/usr/bin/promtool' : 'promtool';
}

/** A finished promtool run. */
export interface PromtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `promtool <args>` with `input` on stdin; resolves with its exit code and output (never rejects on a
 * non-zero exit; rejects when promtool cannot be started, naming the package to install).
 * @example await runPromtool(['check', 'metrics'], await registry.metrics())
 */
export function runPromtool(args: readonly string[], input?: string, cwd?: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtoolPath(), args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => reject(new Error(`could not run promtool (${error.message}): install Debian's prometheus package (apt-get install prometheus) or set PROMTOOL`)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/**
 * Lints exposition text with `promtool check metrics`; resolves with its findings (empty when clean).
 * @example expect(await lintMetrics(text)).toEqual([]);
 */
export async function lintMetrics(text: string): Promise<string[]> {
  const result = await runPromtool(['check', 'metrics'], text);
  const findings = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  if (result.code !== 0 && findings.length === 0) findings.push(`promtool check metrics exited with ${result.code}`);
  return findings;
}
