// Runs Prometheus' promtool (Debian's `prometheus` package): lint exposition text, check and unit-test rule files.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** A Prometheus alerting rule, as one entry of a rule group's `rules`. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires (`5m`); pending until then. */
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One test case of a `promtool test rules` file: input series and the alerts expected at given times. */
export interface RuleTestCase {
  /** Time between two values of each input series (`1m`). */
  readonly interval: string;
  /** `series` in PromQL selector syntax, `values` in expanding notation (`0+60x20`: 0, 60, ... 21 values). */
  readonly input_series: readonly { readonly series: string; readonly values: string }[];
  readonly alert_rule_test: readonly {
    readonly eval_time: string;
    readonly alertname: string;
    /** Alerts firing at `eval_time` (pending ones do not count); `[]` for none. */
    readonly exp_alerts: readonly { readonly exp_labels: Readonly<Record<string, string>>; readonly exp_annotations?: Readonly<Record<string, string>> }[];
  }[];
}

/**
 * Runs `promtool test rules` on `tests` against a rule group holding `rules`, from temporary files (JSON, which
 * YAML reads as is). Resolves with promtool's result: code 0 when every test passed, its report otherwise.
 * @example const { code, stdout } = await testAlertRules([rule], [testCase]);
 */
export async function testAlertRules(rules: readonly AlertingRule[], tests: readonly RuleTestCase[], evaluationInterval = '1m'): Promise<PromtoolResult> {
  const dir = await mkdtemp(join(tmpdir(), 'promtool-'));
  try {
    await writeFile(join(dir, 'alerts.rules.yml'), JSON.stringify({ groups: [{ name: 'tested', rules }] }, null, 2));
    await writeFile(join(dir, 'alerts.test.yml'), JSON.stringify({ rule_files: ['alerts.rules.yml'], evaluation_interval: evaluationInterval, tests }, null, 2));
    return await runPromtool(['test', 'rules', 'alerts.test.yml'], undefined, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
