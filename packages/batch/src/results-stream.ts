// Streams a finished batch's results in original row order, as CSV or JSON lines, a few chunks at a time.

import type { Redis } from 'ioredis';
import { QUALITY_BANDS } from '@mlops/dataset/feature-schema';
import { predictedClass, roundProbability } from '@mlops/model-store/class-probabilities';
import { batchKeys, type BatchSpace } from './batch-space';
import { CLASS_COUNT, decodeChunkResults } from './chunk-codec';
import { ResultsMissingError } from './errors';
import { parseFailureRecord } from './failure-record';

/** Output formats of the results route. */
export type ResultsFormat = 'csv' | 'jsonl';

/** The CSV header of the results. */
export const RESULTS_CSV_HEADER = 'row,line,quality_band,p_low,p_medium,p_high,error\n';

const csvQuote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function formatRow(format: ResultsFormat, row: number, line: number, p: Float32Array, offset: number, error: string | undefined): string {
  if (error !== undefined) {
    if (format === 'csv') return `${row},${line || ''},,,,,${csvQuote(error)}\n`;
    return `${JSON.stringify(line > 0 ? { row, line, error } : { row, error })}\n`;
  }
  const [low, medium, high] = [p[offset]!, p[offset + 1]!, p[offset + 2]!].map(roundProbability) as [number, number, number];
  const band = QUALITY_BANDS[predictedClass(p, offset / CLASS_COUNT, CLASS_COUNT)];
  if (format === 'csv') return `${row},${line || ''},${band},${low},${medium},${high},\n`;
  const probabilities = { low, medium, high };
  return `${JSON.stringify(line > 0 ? { row, line, band, probabilities } : { row, band, probabilities })}\n`;
}

/**
 * Yields the results of chunks `0..chunkCount-1` in order, as text pieces ready to write: the CSV
 * header first (CSV only), then one line per row, failed rows with their reason. Reads a group of
 * chunks per round trip, so memory stays bounded for batches of any size.
 * @throws ResultsMissingError when a chunk has no results (the batch is not complete).
 */
export async function* streamBatchResults(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  batchId: string,
  layout: { chunkCount: number; chunkSize: number },
  format: ResultsFormat,
): AsyncGenerator<string, void, undefined> {
  const keys = batchKeys(space, batchId);
  if (format === 'csv') yield RESULTS_CSV_HEADER;
  const group = Math.max(1, Math.min(1000, Math.floor(32_768 / layout.chunkSize)));
  for (let first = 0; first < layout.chunkCount; first += group) {
    const fields = [];
    for (let i = first; i < Math.min(layout.chunkCount, first + group); i++) fields.push(String(i));
    const buffers = await redis.hmgetBuffer(keys.results, ...fields);
    const decoded = buffers.map((bytes, k) => {
      if (bytes === null) throw new ResultsMissingError(`chunk ${first + k} of batch ${batchId} has no results yet`);
      return decodeChunkResults(bytes);
    });
    // Reasons of the unscored rows in this group, one HMGET.
    const failedRows: string[] = [];
    decoded.forEach((chunk, k) => {
      for (let i = 0; i < chunk.rowCount; i++) if (Number.isNaN(chunk.probabilities[i * CLASS_COUNT])) failedRows.push(String((first + k) * layout.chunkSize + i));
    });
    const reasons = new Map<number, string>();
    if (failedRows.length > 0) {
      const records = await redis.hmget(keys.failures, ...failedRows);
      records.forEach((record, k) => {
        reasons.set(Number(failedRows[k]), record === null ? 'not scored' : parseFailureRecord(record).reason);
      });
    }
    let text = '';
    decoded.forEach((chunk, k) => {
      const firstRow = (first + k) * layout.chunkSize;
      for (let i = 0; i < chunk.rowCount; i++) {
        const row = firstRow + i;
        text += formatRow(format, row, chunk.lines[i]!, chunk.probabilities, i * CLASS_COUNT, reasons.get(row));
      }
    });
    yield text;
  }
}
