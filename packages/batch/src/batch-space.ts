// Names shared by the API and the workers: queue name, key prefix, Redis keys of a batch, chunk job ids.

/** Where a deployment keeps its batches. API and workers must agree on both fields. */
export interface BatchSpace {
  /** BullMQ queue of chunk jobs. @defaultValue 'batch-chunks' */
  readonly queueName: string;
  /** Prefix of every Redis key (BullMQ's `prefix` option and the batch keys). @defaultValue 'mlops' */
  readonly prefix: string;
}

/** The default queue name and key prefix. */
export const DEFAULT_BATCH_SPACE: BatchSpace = { queueName: 'batch-chunks', prefix: 'mlops' };

/** A batch id: 1-100 letters, digits, `_` or `-` (BullMQ job ids may not contain `:`). */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** The Redis keys of one batch. All carry a TTL. */
export interface BatchKeys {
  /** Hash: state, totalRows, chunkCount, chunkSize, source, createdAt, error, owner (token SHA-256), upload (lease holder), chunksQueued (set when failed). */
  readonly meta: string;
  /** Hash: chunk index -> encoded input rows (deleted once the chunk's results are stored). */
  readonly input: string;
  /** Hash: chunk index -> encoded results. One field per chunk, so a retried chunk overwrites itself. */
  readonly results: string;
  /** Hash: row index -> JSON `{ row, line, reason }` for rows that could not be scored. */
  readonly failures: string;
  /** String with a short TTL, renewed by the uploader while the batch is `receiving`: gone means the upload was abandoned. */
  readonly lease: string;
}

/** Set of the ids of batches being received in `space` (what the abandoned-upload sweep looks at). */
export function receivingSetKey(space: Pick<BatchSpace, 'prefix'>): string {
  return `${space.prefix}:batches-receiving`;
}

/** The keys of batch `batchId` in `space`. */
export function batchKeys(space: Pick<BatchSpace, 'prefix'>, batchId: string): BatchKeys {
  const base = `${space.prefix}:batches:${batchId}`;
  return { meta: `${base}:meta`, input: `${base}:input`, results: `${base}:results`, failures: `${base}:failures`, lease: `${base}:lease` };
}
