// Messages between the API thread and the CSV ingest thread (one thread serves every upload of a process, by upload id).

import type { RowBatch } from './csv-row-batches';

/** API thread → ingest thread. */
export type ToIngest =
  | { readonly type: 'open'; readonly id: number; readonly maxRecordSize?: number }
  | { readonly type: 'data'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'end'; readonly id: number }
  /** The rows of one `rows` message are in a chunk producer: the thread may send more. */
  | { readonly type: 'taken'; readonly id: number }
  | { readonly type: 'abort'; readonly id: number };

/** Ingest thread → API thread. */
export type FromIngest =
  /** `bytes` of input were handed to the parser: the API thread may send that much more. */
  | { readonly type: 'read'; readonly id: number; readonly bytes: number }
  | ({ readonly type: 'rows'; readonly id: number } & RowBatch)
  | { readonly type: 'done'; readonly id: number }
  /** `status` 400 or 413: a bad upload (the message is for the client); 500: a bug. */
  | { readonly type: 'fail'; readonly id: number; readonly status: number; readonly message: string };
