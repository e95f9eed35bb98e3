// runLabTests: runs a lab's vitest suite against a target in a child process and summarises the result.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Lab } from '../runtime/lab-metadata';
import { labStepFiles } from './lab-steps';
import { summarise, type JsonReport, type LabTestSummary } from './lab-test-report';
import { ensureLearnerFiles, type LabTarget } from '../runtime/lab-target';

/** Summary of one run. */
export interface LabTestResult extends LabTestSummary {
  readonly durationMs: number;
  /** Lab files copied from starter/ into src/ before a learner run. */
  readonly created: readonly string[];
}

/** Options of {@link runLabTests}. */
export interface RunLabTestsOptions {
  /** Extra environment for the test process. */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the run after this many milliseconds. @defaultValue 300_000 */
  readonly timeoutMs?: number;
  /** `lab` (the learner's tests in test/) or `run-check` (run.ts runs the learner's code). @defaultValue 'lab' */
  readonly suite?: 'lab' | 'run-check';
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
    // Console output goes straight to our pipe (not to the JSON reporter, which drops it), so the
    // "SKIPPING ..." warnings of the tests can say why tests were skipped.
    const args = [vitestBin(), 'run', '--configLoader', 'runner', '--disableConsoleIntercept', '--reporter=json', `--outputFile=${reportFile}`];
    const env = { ...process.env, ...options.env, LAB_TARGET: target, LAB_SUITE: options.suite ?? 'lab', FORCE_COLOR: '0' };
    const output = await run(process.execPath, args, lab.dir, env, options.timeoutMs ?? 300_000);
    let report: JsonReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    } catch {
      throw new Error(`vitest did not produce a report for ${lab.relDir} (LAB_TARGET=${target}):\n${tail(output)}`);
    }
    return { ...withStepFiles(lab, summarise(report, target, output)), durationMs: performance.now() - started, created };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Adds the files to edit for the first failure's step when its message does not name one. */
function withStepFiles(lab: Lab, summary: LabTestSummary): LabTestSummary {
  const first = summary.firstFailure;
  if (!first || first.files.length > 0 || first.step === undefined) return summary;
  const files = labStepFiles(lab).get(first.step) ?? [];
  return { ...summary, firstFailure: { ...first, files } };
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
