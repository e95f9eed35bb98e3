// Binary layout of a chunk's input rows and results in Redis: Float32 values plus Uint32 line numbers.

import { FEATURE_COUNT } from '@mlops/dataset/feature-schema';
import { ChunkCodecError } from './errors';

/** Probabilities per row: one per quality band. */
export const CLASS_COUNT = 3;

/** A chunk's rows: `features` is row-major `[rowCount x 11]`; `lines[i]` is row i's CSV line (0 for JSON). */
export interface ChunkRows {
  readonly rowCount: number;
  readonly features: Float32Array;
  readonly lines: Uint32Array;
}

/** A chunk's results: `probabilities` is `[rowCount x 3]`, NaN for rows that were not scored. */
export interface ChunkResults {
  readonly rowCount: number;
  readonly probabilities: Float32Array;
  readonly lines: Uint32Array;
}

function concat(values: Float32Array, lines: Uint32Array): Buffer {
  const out = Buffer.allocUnsafe(values.byteLength + lines.byteLength);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 0);
  out.set(new Uint8Array(lines.buffer, lines.byteOffset, lines.byteLength), values.byteLength);
  return out;
}

function split(bytes: Buffer, valuesPerRow: number, what: string): { rowCount: number; values: Float32Array; lines: Uint32Array } {
  const rowBytes = (valuesPerRow + 1) * 4;
  if (bytes.byteLength === 0 || bytes.byteLength % rowBytes !== 0) {
    throw new ChunkCodecError(`${what} has ${bytes.byteLength} bytes, not a multiple of ${rowBytes}`);
  }
  const rowCount = bytes.byteLength / rowBytes;
  // Copy: Buffers from ioredis may start at an offset that is not 4-byte aligned.
  const values = new Float32Array(rowCount * valuesPerRow);
  new Uint8Array(values.buffer).set(bytes.subarray(0, values.byteLength));
  const lines = new Uint32Array(rowCount);
  new Uint8Array(lines.buffer).set(bytes.subarray(values.byteLength));
  return { rowCount, values, lines };
}

/** Encodes a chunk's input rows (48 bytes per row). */
export function encodeChunkRows(rows: ChunkRows): Buffer {
  return concat(rows.features.subarray(0, rows.rowCount * FEATURE_COUNT), rows.lines.subarray(0, rows.rowCount));
}

/** @throws ChunkCodecError when the bytes are not whole rows. */
export function decodeChunkRows(bytes: Buffer): ChunkRows {
  const { rowCount, values, lines } = split(bytes, FEATURE_COUNT, 'chunk input');
  return { rowCount, features: values, lines };
}

/** Encodes a chunk's results (16 bytes per row). */
export function encodeChunkResults(results: ChunkResults): Buffer {
  return concat(results.probabilities, results.lines);
}

/** @throws ChunkCodecError when the bytes are not whole rows. */
export function decodeChunkResults(bytes: Buffer): ChunkResults {
  const { rowCount, values, lines } = split(bytes, CLASS_COUNT, 'chunk results');
  return { rowCount, probabilities: values, lines };
}
