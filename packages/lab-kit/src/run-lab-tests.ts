// runLabTests: runs a lab's vitest suite against a target in a child process and summarises the result.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Lab } from './lab-metadata';
import { ensureLearnerFiles, type LabTarget } from './vitest-config';

/** The first failing test, with a message a learner can act on. */
export interface FirstFailure {
  /** Test name, e.g. `validatePrediction > rejects a row with 10 features`, or the test file. */
  readonly test: string;
  /** The message without the stack trace; a NotImplementedError becomes its "step N is not done yet" text. */
  readonly message: string;
  /** True when the failure is a starter TODO still in place. */
  readonly notImplemented: boolean;
}

/** Summary of one run. */
export interface LabTestResult {
  readonly target: LabTarget;
  readonly passed: number;
  readonly failed: number;
  readonly total: number;
  readonly durationMs: number;
  readonly firstFailure?: FirstFailure;
  /** Lab files copied from starter/ into src/ before a learner run. */
  readonly created: readonly string[];
}

interface JsonAssertion {
  fullName?: string;
  title?: string;
  status: string;
  failureMessages?: string[];
}
interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: JsonAssertion[] }[];
}

/** Options of {@link runLabTests}. */
export interface RunLabTestsOptions {
  /** Extra environment for the test process. */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the run after this many milliseconds. @defaultValue 300_000 */
  readonly timeoutMs?: number;
}

/**
 * Runs `vitest run` in the lab folder with `LAB_TARGET=<target>` and the JSON reporter.
 * For the learner target, missing `src/` files are first copied from `starter/`.
 *
 * @throws Error when vitest produces no report (a broken config), with its output.
 */
export async function runLabTests(lab: Lab, target: LabTarget, options: RunLabTestsOptions = {}): Promise<LabTestResult> {
  const created = target === 'learner' ? ensureLearnerFiles(lab) : [];
  const work = mkdtempSync(join(tmpdir(), 'lab-run-'));
  const reportFile = join(work, 'report.json');
  const started = performance.now();
  try {
    // The runner config loader transforms vitest.config.ts and the workspace .ts it imports; the default
    // bundling loader would hand @mlops/lab-kit's .ts files to plain Node, which cannot load them.
    const args = [vitestBin(), 'run', '--configLoader', 'runner', '--reporter=json', `--outputFile=${reportFile}`];
    const env = { ...process.env, ...options.env, LAB_TARGET: target, FORCE_COLOR: '0' };
    const output = await run(process.execPath, args, lab.dir, env, options.timeoutMs ?? 300_000);
    let report: JsonReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    } catch {
      throw new Error(`vitest did not produce a report for ${lab.relDir} (LAB_TARGET=${target}):\n${tail(output)}`);
    }
    return { ...summarise(report, target), durationMs: performance.now() - started, created };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Counts a JSON report; a test file that failed to load counts as one failed test. */
export function summarise(report: JsonReport, target: LabTarget): Omit<LabTestResult, 'durationMs' | 'created'> {
  let failed = report.numFailedTests;
  let total = report.numTotalTests;
  let firstFailure: FirstFailure | undefined;
  for (const file of report.testResults) {
    const failedTest = file.assertionResults.find((a) => a.status === 'failed');
    if (failedTest && !firstFailure) {
      firstFailure = toFailure(failedTest.fullName ?? failedTest.title ?? file.name, failedTest.failureMessages?.join('\n') ?? '');
    }
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failed += 1;
      total += 1;
      firstFailure ??= toFailure(file.name, file.message ?? 'the test file failed to load');
    }
  }
  return { target, passed: report.numPassedTests, failed, total, ...(firstFailure ? { firstFailure } : {}) };
}

/** Turns a raw failure (message plus stack) into the first lines a learner needs. */
export function toFailure(test: string, raw: string): FirstFailure {
  const todo = /NotImplementedError: (.+)/.exec(raw);
  if (todo?.[1]) return { test, message: todo[1].trim(), notImplemented: true };
  const lines = raw
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .map((l) => l.trimEnd());
  const message = lines.join('\n').trim().split('\n').slice(0, 8).join('\n');
  return { test, message: message || 'the test failed without a message', notImplemented: false };
}

function vitestBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolvePromise(output);
    });
  });
}

function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}
