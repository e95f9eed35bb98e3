// Messages between the API thread and the CSV ingest thread (one thread serves every upload of a process, by upload id): bytes in, sealed chunks out.

import type { SealedChunk } from './chunk-producer';

/** API thread → ingest thread. */
export type ToIngest =
  | { readonly type: 'open'; readonly id: number; readonly chunkSize: number; readonly maxRecordSize?: number }
  | { readonly type: 'data'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'end'; readonly id: number }
  /** The API thread took one `chunk`: the thread may send another. */
  | { readonly type: 'taken'; readonly id: number }
  | { readonly type: 'abort'; readonly id: number };

/** Ingest thread → API thread. */
export type FromIngest =
  /** `bytes` of input were handed to the parser: the API thread may send that much more. */
  | { readonly type: 'read'; readonly id: number; readonly bytes: number }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: SealedChunk }
  | { readonly type: 'done'; readonly id: number }
  /** `status` 400 or 413: a bad upload (the message is for the client); 500: a bug. */
  | { readonly type: 'fail'; readonly id: number; readonly status: number; readonly message: string };
