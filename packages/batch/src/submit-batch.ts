// Submits a batch from CSV lines or JSON rows: claims the id, streams rows into chunk jobs, records totals.

import { randomUUID } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CsvFormatError } from '@mlops/dataset/csv-format-error';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { batchKeys, type BatchSpace } from './batch-space';
import { createBatch, failBatch, finishBatch } from './batch-store';
import { ChunkProducer } from './chunk-producer';
import { BatchInputError } from './errors';
import type { ChunkJobData } from './job-types';
import type { CsvRecord } from '@mlops/dataset/csv-records';
import { parseCsvCells, parseCsvHeaderCells, type CsvColumns } from './csv-rows';
import { parseJsonRow } from './json-rows';

/** What a producer needs: a fail-fast Redis connection, the chunk queue and the batch settings. */
export interface BatchProducerDeps {
  readonly redis: Redis;
  readonly queue: Queue<ChunkJobData>;
  readonly space: BatchSpace;
  /** Rows per chunk job. */
  readonly chunkSize: number;
  /** TTL of every batch key (inputs, results, status). */
  readonly ttlSeconds: number;
  /** Options of each chunk job (see `chunkJobOptions`). */
  readonly jobOptions: JobsOptions;
}

/** The outcome of a submission: a new batch, or the existing batch with the same client id. */
export type SubmitOutcome =
  | { readonly created: true; readonly batchId: string; readonly totalRows: number; readonly chunkCount: number }
  | { readonly created: false; readonly batchId: string };

interface Submission {
  readonly deps: BatchProducerDeps;
  readonly batchId: string;
  readonly source: string;
  producer?: ChunkProducer;
}

/** Claims the id on the first row; returns false when a batch with that id exists already. */
async function begin(s: Submission): Promise<boolean> {
  const { deps } = s;
  const created = await createBatch(deps.redis, deps.space, s.batchId, { source: s.source, chunkSize: deps.chunkSize, ttlSeconds: deps.ttlSeconds });
  if (!created) return false;
  s.producer = new ChunkProducer({
    redis: deps.redis,
    queue: deps.queue,
    keys: batchKeys(deps.space, s.batchId),
    ttlSeconds: deps.ttlSeconds,
    jobOptions: deps.jobOptions,
    batchId: s.batchId,
    chunkSize: deps.chunkSize,
  });
  return true;
}

async function end(s: Submission): Promise<SubmitOutcome> {
  const totals = await s.producer!.finish();
  await finishBatch(s.deps.redis, s.deps.space, s.batchId, totals);
  return { created: true, batchId: s.batchId, ...totals };
}

async function guard(s: Submission, work: () => Promise<SubmitOutcome>): Promise<SubmitOutcome> {
  try {
    return await work();
  } catch (error) {
    // Half-received batch: say so in its status (best effort: Redis itself may be what failed).
    if (s.producer) await failBatch(s.deps.redis, s.deps.space, s.batchId, `the upload failed after ${s.producer.rowCount} rows: ${(error as Error).message}`).catch(() => {});
    throw error;
  }
}

/**
 * Submits CSV records (from `readCsvRecords`, the header first). Records that cannot be read become failed
 * rows with their line number; the batch is only rejected when the header is wrong or there are no rows.
 * @throws BatchInputError for a bad header or a file without data rows.
 */
export async function submitCsvRecords(deps: BatchProducerDeps, records: AsyncIterable<CsvRecord>, options: { batchId?: string } = {}): Promise<SubmitOutcome> {
  const s: Submission = { deps, batchId: options.batchId ?? randomUUID(), source: 'csv' };
  return guard(s, async () => {
    let columns: CsvColumns | undefined;
    const values = new Float64Array(FEATURE_COUNT);
    for await (const record of records) {
      if (columns === undefined) {
        if (record.problem !== undefined) throw new BatchInputError(`CSV header (line ${record.line}): ${record.problem}`);
        try {
          columns = parseCsvHeaderCells(record.cells);
        } catch (error) {
          if (error instanceof CsvFormatError) throw new BatchInputError(`CSV header: ${error.message.replace(/^upload\.csv line 1, /, '')}`, 400, { cause: error });
          throw error;
        }
        continue;
      }
      if (s.producer === undefined && !(await begin(s))) return { created: false, batchId: s.batchId };
      const problem = record.problem ?? parseCsvCells(record.cells, columns, values);
      await s.producer!.add(problem === undefined ? values : undefined, record.line, problem);
    }
    if (columns === undefined) throw new BatchInputError('the CSV is empty; send a header naming the 11 feature columns, then one wine per line');
    if (s.producer === undefined) throw new BatchInputError('the CSV has a header but no data rows');
    return end(s);
  });
}

/**
 * Submits JSON rows (objects with named features or arrays of 11 numbers). Rows that cannot be read
 * become failed rows with their index.
 * @throws BatchInputError when `rows` is empty.
 */
export async function submitJsonRows(deps: BatchProducerDeps, rows: readonly unknown[], options: { batchId?: string } = {}): Promise<SubmitOutcome> {
  if (rows.length === 0) throw new BatchInputError('"rows" is empty; send at least one wine');
  const s: Submission = { deps, batchId: options.batchId ?? randomUUID(), source: 'json' };
  return guard(s, async () => {
    if (!(await begin(s))) return { created: false, batchId: s.batchId };
    const values = new Float64Array(FEATURE_COUNT);
    for (const row of rows) {
      const problem = parseJsonRow(row, values);
      await s.producer!.add(problem === undefined ? values : undefined, 0, problem);
    }
    return end(s);
  });
}
