// The CLI commands: submit (optionally wait and download), status, results, cancel; each batch's token kept in a private file.

import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import pc from 'picocolors';
import { cancelBatch, CliError, downloadResults, getBatchStatus, submitCsvFile, type BatchStatus } from './api-client';
import { checkInputFile } from './input-file';
import { createProgressView } from './progress';
import { newToken, type TokenStore } from './token-store';

/** Where output goes and where tokens are kept; tests pass their own. */
export interface CliIo {
  readonly out: Writable;
  readonly err: NodeJS.WriteStream;
  readonly tokens: TokenStore;
}

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

/** Prints the failed rows of a status (at most 20), with line numbers. */
export function describeFailures(status: BatchStatus): string {
  if (status.rows.failed === 0) return '';
  const lines = status.failedRows.slice(0, 20).map((f) => `  ${f.line === undefined ? `row ${f.row}` : `line ${f.line}`}: ${f.reason}`);
  const more = status.rows.failed - Math.min(20, status.failedRows.length);
  return `${pc.yellow(`${status.rows.failed} row(s) could not be scored:`)}\n${lines.join('\n')}${more > 0 ? `\n  ... and ${more} more` : ''}\n`;
}

/** The token of a batch: `--token`, else `BATCH_TOKEN`, else the one saved when it was submitted. */
async function tokenFor(apiUrl: string, batchId: string, given: string | undefined, io: CliIo): Promise<string> {
  const token = given ?? (process.env.BATCH_TOKEN?.trim() || undefined) ?? (await io.tokens.get(apiUrl, batchId));
  if (token) return token;
  throw new CliError(`no token for batch ${batchId} in ${io.tokens.path}: only its submitter can read it; pass --token <token> (the Batch-Token of its submission)`);
}

/** Polls until the batch is completed, cancelled or failed, showing progress. */
export async function waitForBatch(apiUrl: string, batchId: string, token: string, io: CliIo, intervalMs = 250): Promise<BatchStatus> {
  const view = createProgressView(io.err);
  try {
    for (;;) {
      const status = await getBatchStatus(apiUrl, batchId, token);
      view.update(status);
      if (TERMINAL.has(status.state)) return status;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } finally {
    view.stop();
  }
}

/**
 * `submit <file> [--wait] [--out file] [--batch-id id] [--token t] [--format csv|jsonl]`. The token is chosen here and
 * saved before the upload, so resubmitting the same `--batch-id` (after a lost answer or a failed upload) is recognised
 * as the same submitter. Returns the exit code.
 */
export async function submitCommand(
  apiUrl: string,
  file: string,
  opts: { wait?: boolean; out?: string; batchId?: string; token?: string; format?: 'csv' | 'jsonl' },
  io: CliIo,
): Promise<number> {
  await checkInputFile(file);
  const batchId = opts.batchId ?? randomUUID();
  const token = opts.token ?? (await io.tokens.get(apiUrl, batchId)) ?? newToken();
  await io.tokens.set(apiUrl, batchId, token);
  const submitted = await submitCsvFile(apiUrl, file, token, batchId);
  io.err.write(`${submitted.duplicate ? 'batch already submitted' : 'submitted'} ${pc.bold(submitted.batchId)}: ${submitted.rows.total} rows (token saved in ${io.tokens.path})\n`);
  if (!opts.wait && !opts.out) {
    io.out.write(`${submitted.batchId}\n`);
    return 0;
  }
  const final = await waitForBatch(apiUrl, submitted.batchId, token, io);
  io.err.write(describeFailures(final));
  if (final.state !== 'completed') {
    io.err.write(pc.red(`batch ${final.batchId} ended ${final.state}${final.error ? `: ${final.error}` : ''}\n`));
    return 1;
  }
  io.err.write(pc.green(`completed: ${final.rows.scored} scored, ${final.rows.failed} failed\n`));
  await downloadResults(apiUrl, final.batchId, token, opts.format ?? 'csv', opts.out ?? io.out);
  if (opts.out) io.err.write(`results written to ${opts.out}\n`);
  return 0;
}

/** `status <id> [--token t]`: prints the status as JSON (stdout). */
export async function statusCommand(apiUrl: string, batchId: string, opts: { token?: string }, io: CliIo): Promise<number> {
  const status = await getBatchStatus(apiUrl, batchId, await tokenFor(apiUrl, batchId, opts.token, io));
  io.out.write(`${JSON.stringify(status, null, 2)}\n`);
  return 0;
}

/** `results <id> [--out file] [--format csv|jsonl] [--token t]`. */
export async function resultsCommand(apiUrl: string, batchId: string, opts: { out?: string; format?: 'csv' | 'jsonl'; token?: string }, io: CliIo): Promise<number> {
  await downloadResults(apiUrl, batchId, await tokenFor(apiUrl, batchId, opts.token, io), opts.format ?? 'csv', opts.out ?? io.out);
  if (opts.out) io.err.write(`results written to ${opts.out}\n`);
  return 0;
}

/** `cancel <id> [--token t]`: workers skip the rest of the batch. */
export async function cancelCommand(apiUrl: string, batchId: string, opts: { token?: string }, io: CliIo): Promise<number> {
  const status = await cancelBatch(apiUrl, batchId, await tokenFor(apiUrl, batchId, opts.token, io));
  io.err.write(`batch ${status.batchId} is ${status.state}\n`);
  return 0;
}
