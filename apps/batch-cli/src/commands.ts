// The CLI commands: submit (optionally wait and download), status, results.

import type { Writable } from 'node:stream';
import pc from 'picocolors';
import { downloadResults, getBatchStatus, submitCsvFile, type BatchStatus } from './api-client';
import { checkInputFile } from './input-file';
import { createProgressView } from './progress';

/** Where output goes; tests pass their own streams. */
export interface CliIo {
  readonly out: Writable;
  readonly err: NodeJS.WriteStream;
}

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

/** Prints the failed rows of a status (at most 20), with line numbers. */
export function describeFailures(status: BatchStatus): string {
  if (status.rows.failed === 0) return '';
  const lines = status.failedRows.slice(0, 20).map((f) => `  ${f.line === undefined ? `row ${f.row}` : `line ${f.line}`}: ${f.reason}`);
  const more = status.rows.failed - Math.min(20, status.failedRows.length);
  return `${pc.yellow(`${status.rows.failed} row(s) could not be scored:`)}\n${lines.join('\n')}${more > 0 ? `\n  ... and ${more} more` : ''}\n`;
}

/** Polls until the batch is completed, cancelled or failed, showing progress. */
export async function waitForBatch(apiUrl: string, batchId: string, io: CliIo, intervalMs = 250): Promise<BatchStatus> {
  const view = createProgressView(io.err);
  try {
    for (;;) {
      const status = await getBatchStatus(apiUrl, batchId);
      view.update(status);
      if (TERMINAL.has(status.state)) return status;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } finally {
    view.stop();
  }
}

/** `submit <file> [--wait] [--out file] [--batch-id id] [--format csv|jsonl]`. Returns the exit code. */
export async function submitCommand(
  apiUrl: string,
  file: string,
  opts: { wait?: boolean; out?: string; batchId?: string; format?: 'csv' | 'jsonl' },
  io: CliIo,
): Promise<number> {
  await checkInputFile(file);
  const submitted = await submitCsvFile(apiUrl, file, opts.batchId);
  io.err.write(`${submitted.duplicate ? 'batch already submitted' : 'submitted'} ${pc.bold(submitted.batchId)}: ${submitted.rows.total} rows\n`);
  if (!opts.wait && !opts.out) {
    io.out.write(`${submitted.batchId}\n`);
    return 0;
  }
  const final = await waitForBatch(apiUrl, submitted.batchId, io);
  io.err.write(describeFailures(final));
  if (final.state !== 'completed') {
    io.err.write(pc.red(`batch ${final.batchId} ended ${final.state}${final.error ? `: ${final.error}` : ''}\n`));
    return 1;
  }
  io.err.write(pc.green(`completed: ${final.rows.scored} scored, ${final.rows.failed} failed\n`));
  await downloadResults(apiUrl, final.batchId, opts.format ?? 'csv', opts.out ?? io.out);
  if (opts.out) io.err.write(`results written to ${opts.out}\n`);
  return 0;
}

/** `status <id>`: prints the status as JSON (stdout) and the failures (stderr). */
export async function statusCommand(apiUrl: string, batchId: string, io: CliIo): Promise<number> {
  const status = await getBatchStatus(apiUrl, batchId);
  io.out.write(`${JSON.stringify(status, null, 2)}\n`);
  return 0;
}

/** `results <id> [--out file] [--format csv|jsonl]`. */
export async function resultsCommand(apiUrl: string, batchId: string, opts: { out?: string; format?: 'csv' | 'jsonl' }, io: CliIo): Promise<number> {
  await downloadResults(apiUrl, batchId, opts.format ?? 'csv', opts.out ?? io.out);
  if (opts.out) io.err.write(`results written to ${opts.out}\n`);
  return 0;
}
