// The CSV ingest thread: reads uploads' bytes into sealed chunks off the API's event loop (entry point of a worker_threads Worker).

import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { readCsvRecords } from '@mlops/dataset/csv-records';
import { csvChunks, csvRowBatches } from './csv-row-batches';
import { BatchInputError } from './errors';
import type { FromIngest, ToIngest } from './ingest-messages';

/** Chunks sent and not yet taken by the API thread before this thread stops parsing an upload. */
const MAX_CHUNKS_AHEAD = 8;

interface Upload {
  readonly input: Readable;
  /** Bytes received and not yet asked for; `null` is the end of the upload. */
  readonly queue: (Buffer | null)[];
  wanting: boolean;
  ahead: number;
  aborted: boolean;
  resumeParsing?: () => void;
}

const port = parentPort!;
const uploads = new Map<number, Upload>();
const post = (message: FromIngest, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function open(id: number, chunkSize: number, maxRecordSize: number | undefined): void {
  const upload: Upload = {
    queue: [],
    wanting: false,
    ahead: 0,
    aborted: false,
    // Bytes go to the parser only when it asks for them, and each handover is reported: the API thread sends at most a
    // bounded amount ahead of the parser.
    input: new Readable({
      read() {
        const next = upload.queue.shift();
        if (next === undefined) upload.wanting = true;
        else if (next === null) upload.input.push(null);
        else hand(id, upload, next);
      },
    }),
  };
  uploads.set(id, upload);
  void parse(id, upload, chunkSize, maxRecordSize);
}

function hand(id: number, upload: Upload, bytes: Buffer): void {
  upload.wanting = false;
  upload.input.push(bytes);
  post({ type: 'read', id, bytes: bytes.length });
}

async function parse(id: number, upload: Upload, chunkSize: number, maxRecordSize: number | undefined): Promise<void> {
  try {
    const records = readCsvRecords(upload.input, maxRecordSize === undefined ? {} : { maxRecordSize });
    for await (const chunk of csvChunks(csvRowBatches(records), chunkSize)) {
      if (upload.aborted) return;
      // The chunk's arrays are its own (ChunkBuilder copies them out when it seals): moved, not copied.
      post({ type: 'chunk', id, chunk }, [chunk.rows.features.buffer as ArrayBuffer, chunk.rows.lines.buffer as ArrayBuffer]);
      upload.ahead++;
      if (upload.ahead >= MAX_CHUNKS_AHEAD) await new Promise<void>((resolve) => (upload.resumeParsing = resolve));
      if (upload.aborted) return;
    }
    post({ type: 'done', id });
  } catch (error) {
    if (upload.aborted) return;
    if (error instanceof BatchInputError) post({ type: 'fail', id, status: error.status, message: error.message });
    else post({ type: 'fail', id, status: 500, message: (error as Error).message });
  } finally {
    uploads.delete(id);
  }
}

port.on('message', (message: ToIngest) => {
  if (message.type === 'open') return open(message.id, message.chunkSize, message.maxRecordSize);
  const upload = uploads.get(message.id);
  if (upload === undefined) return;
  if (message.type === 'data') {
    const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
    if (upload.wanting) hand(message.id, upload, bytes);
    else upload.queue.push(bytes);
  } else if (message.type === 'end') {
    if (!upload.wanting) upload.queue.push(null);
    else {
      upload.wanting = false;
      upload.input.push(null);
    }
  } else if (message.type === 'taken') {
    upload.ahead--;
    if (upload.ahead < MAX_CHUNKS_AHEAD && upload.resumeParsing) {
      const resume = upload.resumeParsing;
      upload.resumeParsing = undefined;
      resume();
    }
  } else {
    upload.aborted = true;
    upload.input.destroy();
    upload.resumeParsing?.();
    uploads.delete(message.id);
  }
});
