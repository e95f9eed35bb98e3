// Removes a failed batch's chunk jobs, so that resubmitting its id can queue new chunks under the same deterministic job ids.

import type { Queue } from 'bullmq';
import { chunkJobId } from './chunk-producer';
import { BatchInputError } from './errors';
import type { ChunkJobData } from './job-types';

/**
 * Removes the chunk jobs of a failed batch (finished or waiting), so the same job ids can carry its new chunks: the
 * `count` it recorded when it failed, then any later ones (an uploader cut off from Redis longer than its lease may have
 * queued a few more before it noticed), until 16 ids in a row have no job. A job a worker holds is skipped in
 * milliseconds (its batch failed): waits for it up to about 2 s, then answers 409.
 */
export async function removeChunkJobs(queue: Queue<ChunkJobData>, batchId: string, count: number): Promise<void> {
  // queue.remove answers 1 for an id without a job too: existence is asked with getJobState.
  const exists = async (ids: string[]): Promise<string[]> => {
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    return ids.filter((_, i) => states[i] !== 'unknown');
  };
  const remove = async (ids: string[]): Promise<{ held: string[]; found: number }> => {
    const found = await exists(ids);
    await Promise.all(found.map((id) => queue.remove(id)));
    return { held: await exists(found), found: found.length };
  };
  let held = (await remove(Array.from({ length: count }, (_, i) => chunkJobId(batchId, i)))).held;
  for (let next = count; ; next += 16) {
    const probe = await remove(Array.from({ length: 16 }, (_, i) => chunkJobId(batchId, next + i)));
    held = held.concat(probe.held);
    if (probe.found === 0) break;
  }
  for (let round = 0; held.length > 0; round++) {
    if (round === 20) throw new BatchInputError(`batch "${batchId}" failed and a worker still holds its chunk ${held[0]}; retry in a few seconds`, 409);
    await new Promise((resolve) => setTimeout(resolve, 100));
    held = (await remove(held)).held;
  }
}
