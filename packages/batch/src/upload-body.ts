// Reads a batch upload from an HTTP request: a text/csv body or a multipart form with a CSV file, streamed.

import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { BatchInputError } from './errors';
import { CsvRecordTooLargeError, readCsvRecords, type CsvRecordLimits } from '@mlops/dataset/csv-records';
import { submitCsvRecords, type BatchProducerDeps, type SubmitOutcome } from './submit-batch';

/**
 * Submits a CSV stream record by record (at most `limits.maxRecordSize` characters held for one record); the
 * rest of the stream is drained when the submission stops early.
 * @throws BatchInputError 413 for a record over the limit (the rows before it are in a batch marked failed).
 */
export async function submitCsvStream(deps: BatchProducerDeps, input: Readable, batchId: string | undefined, limits: CsvRecordLimits = {}): Promise<SubmitOutcome> {
  try {
    return await submitCsvRecords(deps, readCsvRecords(input, limits), batchId === undefined ? {} : { batchId });
  } catch (error) {
    if (error instanceof CsvRecordTooLargeError) throw new BatchInputError(`${error.message}; split the file into lines of one wine each`, 413, { cause: error });
    throw error;
  } finally {
    input.resume();
  }
}

/**
 * Submits the CSV file of a `multipart/form-data` request (the first file field). A `batchId` field
 * placed before the file sets the batch id.
 */
export function submitMultipart(
  deps: BatchProducerDeps,
  req: Request,
  headerBatchId: string | undefined,
  checkId: (id: string | undefined) => string | undefined,
  limits: CsvRecordLimits = {},
): Promise<SubmitOutcome> {
  return new Promise<SubmitOutcome>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20 } });
    } catch (error) {
      reject(new BatchInputError(`cannot read the multipart form: ${(error as Error).message}`, 400, { cause: error }));
      return;
    }
    let batchId = headerBatchId;
    let started = false;
    parser.on('field', (name, value) => {
      if (name === 'batchId' && !started) batchId = value;
    });
    parser.on('file', (_name, file) => {
      if (started) return void file.resume();
      started = true;
      try {
        batchId = checkId(batchId);
      } catch (error) {
        file.resume();
        return reject(error);
      }
      submitCsvStream(deps, file, batchId, limits).then(resolve, reject);
    });
    parser.on('close', () => {
      if (!started) reject(new BatchInputError('the form has no file; send the CSV as a file field (for example `curl -F file=@wines.csv`)'));
    });
    parser.on('error', (error: Error) => reject(new BatchInputError(`cannot read the multipart form: ${error.message}`, 400, { cause: error })));
    req.pipe(parser);
  });
}
