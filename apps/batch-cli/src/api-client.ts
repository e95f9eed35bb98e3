// HTTP client of the batch API: streaming CSV upload, status, streaming results download.

import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The status document of `GET /v1/batches/:id` (the fields the CLI uses). */
export interface BatchStatus {
  readonly batchId: string;
  readonly state: 'receiving' | 'queued' | 'running' | 'completed' | 'cancelled' | 'failed';
  readonly rows: { readonly total: number | null; readonly done: number; readonly scored: number; readonly failed: number };
  readonly percent: number | null;
  readonly failedRows: readonly { readonly row: number; readonly line?: number; readonly reason: string }[];
  readonly failedRowsTruncated: boolean;
  readonly error?: string;
  readonly duplicate?: boolean;
  /** The batch's token (in the answer to a submission only). */
  readonly token?: string;
}

/** An error for the person at the terminal: what went wrong and what to do. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

async function call(apiUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(new URL(path, apiUrl), init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(`cannot reach the API at ${apiUrl} (${cause}); start it with \`npm start\` or set API_URL`);
  }
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: show the text as is
    }
    throw new CliError(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${message}`);
  }
  return res;
}

/**
 * Uploads a CSV file as a streamed `text/csv` body (never read into memory), with the token that will own the batch
 * (chosen by the client, so a retry after a lost answer proves it is the same submitter).
 */
export async function submitCsvFile(apiUrl: string, file: string, token: string, batchId?: string): Promise<BatchStatus> {
  const headers: Record<string, string> = { 'content-type': 'text/csv', 'x-file-name': basename(file), 'batch-token': token };
  if (batchId) headers['batch-id'] = batchId;
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  // `duplex: 'half'` is required by Node's fetch for a streamed request body.
  const res = await call(apiUrl, '/v1/batches', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  return (await res.json()) as BatchStatus;
}

/** Reads a batch's status (`token`: the batch's token; without the right one the API answers 404). */
export async function getBatchStatus(apiUrl: string, batchId: string, token: string): Promise<BatchStatus> {
  return (await (await call(apiUrl, `/v1/batches/${encodeURIComponent(batchId)}`, { headers: { 'batch-token': token } })).json()) as BatchStatus;
}

/** Cancels a batch; returns its status after. */
export async function cancelBatch(apiUrl: string, batchId: string, token: string): Promise<BatchStatus> {
  return (await (await call(apiUrl, `/v1/batches/${encodeURIComponent(batchId)}`, { method: 'DELETE', headers: { 'batch-token': token } })).json()) as BatchStatus;
}

/** Streams a batch's results to a file (or any writable, e.g. stdout) without buffering them. */
export async function downloadResults(apiUrl: string, batchId: string, token: string, format: 'csv' | 'jsonl', out: string | Writable): Promise<void> {
  const res = await call(apiUrl, `/v1/batches/${encodeURIComponent(batchId)}/results?format=${format}`, { headers: { 'batch-token': token } });
  if (res.body === null) throw new CliError('the results response has no body');
  const target = typeof out === 'string' ? createWriteStream(out) : out;
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), target, { end: typeof out === 'string' });
}
