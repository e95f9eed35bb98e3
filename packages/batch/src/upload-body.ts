// Reads a batch upload from an HTTP request: a text/csv body or a multipart form with a CSV file, streamed.

import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { BatchInputError, UploadAbortedError } from './errors';
import type { CsvRecordLimits } from '@mlops/dataset/csv-records';
import type { SealedChunk } from './chunk-producer';
import { csvChunksInThread } from './csv-ingest';
import { submitCsvChunks, type BatchProducerDeps, type SubmitOptions, type SubmitOutcome } from './submit-batch';

/** Whether the client of `req` went away before its body was complete (watched from now on). */
function watchClientAbort(req: IncomingMessage): () => boolean {
  let aborted = false;
  req.once('close', () => (aborted = !req.complete));
  return () => aborted || (req.destroyed && !req.complete);
}

/**
 * The sealed chunks of `input`, parsed and cut on the ingest thread; a read that fails because the client went away throws
 * {@link UploadAbortedError}.
 */
async function* chunksOf(input: Readable, chunkSize: number, limits: CsvRecordLimits, clientGone: () => boolean): AsyncGenerator<SealedChunk> {
  try {
    yield* csvChunksInThread(input, chunkSize, limits);
  } catch (error) {
    if (error instanceof UploadAbortedError || !clientGone()) throw error;
    throw new UploadAbortedError("the upload's connection closed before it was complete", { cause: error });
  }
}

/**
 * Submits a CSV stream, parsed off the event loop on the ingest thread (at most `limits.maxRecordSize` characters
 * held for one record); the rest of the stream is drained when the submission stops early. `req` is the request the stream comes from (the
 * input itself for a text/csv body): if its client goes away, the batch is marked failed at once.
 * @throws BatchInputError 413 for a record over the limit (the rows before it are in a batch marked failed).
 */
export async function submitCsvStream(
  deps: BatchProducerDeps,
  input: Readable,
  options: SubmitOptions,
  limits: CsvRecordLimits = {},
  req: IncomingMessage = input as IncomingMessage,
): Promise<SubmitOutcome> {
  const clientGone = watchClientAbort(req);
  try {
    return await submitCsvChunks(deps, chunksOf(input, deps.chunkSize, limits, clientGone), options);
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
  req: IncomingMessage,
  options: SubmitOptions,
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
    let batchId = options.batchId;
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
      // busboy does not pass on a request that ends early: its file stream would wait forever.
      req.once('close', () => {
        if (!req.complete) file.destroy(new UploadAbortedError("the upload's connection closed before it was complete"));
      });
      submitCsvStream(deps, file, { ...options, ...(batchId === undefined ? {} : { batchId }) }, limits, req).then(resolve, reject);
    });
    parser.on('close', () => {
      if (!started) reject(new BatchInputError('the form has no file; send the CSV as a file field (for example `curl -F file=@wines.csv`)'));
    });
    parser.on('error', (error: Error) => reject(new BatchInputError(`cannot read the multipart form: ${error.message}`, 400, { cause: error })));
    req.pipe(parser);
  });
}
