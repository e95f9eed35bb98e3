// Records a chunk that failed for good (invalid, out of retries, stalled too often) so its batch still completes.

import type { Redis } from 'ioredis';
import { batchKeys, type BatchSpace } from './batch-space';
import { CLASS_COUNT, decodeChunkRows, encodeChunkResults } from './chunk-codec';
import { execOrThrow, failureRecord, type ChunkJobData } from './chunk-producer';

/**
 * Marks every row of a finally failed chunk as failed with `reason`, unless the chunk's results were
 * stored already. Uses HSETNX throughout, so several workers may call it for the same chunk.
 */
export async function recordFailedChunk(
  redis: Redis,
  space: Pick<BatchSpace, 'prefix'>,
  job: ChunkJobData,
  reason: string,
  ttlSeconds: number,
): Promise<void> {
  const keys = batchKeys(space, job.batchId);
  const field = String(job.chunkIndex);
  const input = await redis.hgetBuffer(keys.input, field);
  let lines: Uint32Array = new Uint32Array(job.rowCount);
  try {
    if (input !== null) lines = decodeChunkRows(input).lines;
  } catch {
    // A corrupt input is why the chunk failed; report the rows without line numbers.
  }
  const probabilities = new Float32Array(job.rowCount * CLASS_COUNT).fill(Number.NaN);
  const tx = redis.multi();
  tx.hsetnx(keys.results, field, encodeChunkResults({ rowCount: job.rowCount, probabilities, lines }));
  for (let i = 0; i < job.rowCount; i++) {
    const row = job.firstRow + i;
    tx.hsetnx(keys.failures, String(row), failureRecord(row, lines[i] ?? 0, `the chunk could not be scored: ${reason}`));
  }
  tx.hdel(keys.input, field).expire(keys.results, ttlSeconds).expire(keys.failures, ttlSeconds);
  await execOrThrow(tx);
}
