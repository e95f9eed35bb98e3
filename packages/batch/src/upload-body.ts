// Reads a batch upload from an HTTP request: a text/csv body or a multipart form with a CSV file, streamed.

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { BatchInputError } from './errors';
import { submitCsvLines, type BatchProducerDeps, type SubmitOutcome } from './submit-batch';

/** Submits a CSV stream line by line; the rest of the stream is drained when the submission stops early. */
export async function submitCsvStream(deps: BatchProducerDeps, input: Readable, batchId: string | undefined): Promise<SubmitOutcome> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    return await submitCsvLines(deps, lines, batchId === undefined ? {} : { batchId });
  } finally {
    lines.close();
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
      submitCsvStream(deps, file, batchId).then(resolve, reject);
    });
    parser.on('close', () => {
      if (!started) reject(new BatchInputError('the form has no file; send the CSV as a file field (for example `curl -F file=@wines.csv`)'));
    });
    parser.on('error', (error: Error) => reject(new BatchInputError(`cannot read the multipart form: ${error.message}`, 400, { cause: error })));
    req.pipe(parser);
  });
}
