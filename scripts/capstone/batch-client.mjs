// Submits a CSV batch to the API and reads its status with the batch's owner token.

import { FEATURES } from '@mlops/dataset';

/** Uploads `rows` (feature arrays) as a CSV body; resolves { batchId, token, total }. */
export async function submitCsvBatch(apiUrl, rows) {
  const header = FEATURES.map((f) => f.name).join(',');
  const csv = `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  const response = await fetch(`${apiUrl}/v1/batches`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv, signal: AbortSignal.timeout(60_000) });
  const body = await response.json();
  if (response.status !== 202) throw new Error(`POST /v1/batches answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { batchId: body.batchId, token: body.token, total: body.rows?.total ?? rows.length };
}

/** The batch's status (GET /v1/batches/:id with its token). */
export async function batchStatus(apiUrl, batch) {
  const response = await fetch(`${apiUrl}/v1/batches/${batch.batchId}`, { headers: { 'batch-token': batch.token }, signal: AbortSignal.timeout(5000) });
  const body = await response.json();
  if (!response.ok) throw new Error(`GET /v1/batches/${batch.batchId} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** "running, 12,000 of 52,000 rows (23%)". */
export function describeBatch(s) {
  return `${s.state}, ${s.rows.done.toLocaleString('en')} of ${(s.rows.total ?? 0).toLocaleString('en')} rows (${s.percent ?? 0}%), ${s.rows.failed} failed`;
}
