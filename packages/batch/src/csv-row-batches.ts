// CSV records → row batches (the header mapped to the 11 features, each record parsed into values or a reason, 1024 rows a batch) → sealed chunks.

import { CsvFormatError } from '@mlops/dataset/csv-format-error';
import { CsvRecordTooLargeError, type CsvRecord } from '@mlops/dataset/csv-records';
import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { ChunkBuilder, type SealedChunk } from './chunk-producer';
import { parseCsvCells, parseCsvHeaderCells, type CsvColumns } from './csv-rows';
import { BatchInputError } from './errors';

/** Rows parsed from an upload, ready for a `ChunkProducer`; its arrays are its own (they can be transferred to another thread). */
export interface RowBatch {
  readonly count: number;
  /** `count x 11` values in model order; NaN for a row with a problem. */
  readonly features: Float32Array;
  /** The CSV line each row starts on. */
  readonly lines: Uint32Array;
  /** `[position in this batch, reason]` of the rows that cannot be scored, in order. */
  readonly problems: readonly (readonly [number, string])[];
}

/** Rows per {@link RowBatch}. */
export const ROWS_PER_BATCH = 1024;

/** The records, with a record over the size limit turned into the 413 a client sees (on whichever thread parses). */
async function* tooLargeAs413(records: AsyncIterable<CsvRecord>): AsyncGenerator<CsvRecord> {
  try {
    yield* records;
  } catch (error) {
    if (error instanceof CsvRecordTooLargeError) throw new BatchInputError(`${error.message}; split the file into lines of one wine each`, 413, { cause: error });
    throw error;
  }
}

/**
 * Turns CSV records (the header first) into row batches. Records that cannot be read become rows with a reason.
 * @throws BatchInputError for a bad header, an empty upload or one without data rows (before any batch is yielded when
 * the header is bad).
 */
export async function* csvRowBatches(records: AsyncIterable<CsvRecord>, rowsPerBatch = ROWS_PER_BATCH): AsyncGenerator<RowBatch> {
  let columns: CsvColumns | undefined;
  const values = new Float64Array(FEATURE_COUNT);
  let features = new Float32Array(rowsPerBatch * FEATURE_COUNT);
  let lines = new Uint32Array(rowsPerBatch);
  let problems: [number, string][] = [];
  let count = 0;
  let total = 0;
  for await (const record of tooLargeAs413(records)) {
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
    const problem = record.problem ?? parseCsvCells(record.cells, columns, values);
    if (problem === undefined) features.set(values, count * FEATURE_COUNT);
    else {
      features.fill(Number.NaN, count * FEATURE_COUNT, (count + 1) * FEATURE_COUNT);
      problems.push([count, problem]);
    }
    lines[count] = record.line;
    count++;
    total++;
    if (count === rowsPerBatch) {
      yield { count, features, lines, problems };
      features = new Float32Array(rowsPerBatch * FEATURE_COUNT);
      lines = new Uint32Array(rowsPerBatch);
      problems = [];
      count = 0;
    }
  }
  if (columns === undefined) throw new BatchInputError('the CSV is empty; send a header naming the 11 feature columns, then one wine per line');
  if (total === 0) throw new BatchInputError('the CSV has a header but no data rows');
  if (count > 0) yield { count, features: features.slice(0, count * FEATURE_COUNT), lines: lines.slice(0, count), problems };
}

/**
 * Cuts row batches into sealed chunks of `chunkSize` rows with a {@link ChunkBuilder} (no I/O): what `enqueueChunks`
 * stores and queues. The last chunk may be short.
 */
export async function* csvChunks(batches: AsyncIterable<RowBatch>, chunkSize: number): AsyncGenerator<SealedChunk> {
  const builder = new ChunkBuilder(chunkSize);
  for await (const batch of batches) {
    let next = 0;
    for (let i = 0; i < batch.count; i++) {
      const problem = batch.problems[next]?.[0] === i ? batch.problems[next++]![1] : undefined;
      const sealed = builder.add(problem === undefined ? batch.features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT) : undefined, batch.lines[i]!, problem);
      if (sealed !== undefined) yield sealed;
    }
  }
  const last = builder.finish();
  if (last !== undefined) yield last;
}
