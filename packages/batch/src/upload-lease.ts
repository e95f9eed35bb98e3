// An upload's lease: renewed every second while a batch is received; a batch whose lease lapsed is failed by the sweep.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { batchKeys, receivingSetKey, type BatchSpace } from './batch-space';
import { RENEW_LEASE } from './batch-scripts';
import { failIfAbandoned } from './batch-store';

/** Lifetime of an upload's lease without renewal. @defaultValue 5000 ms (renewed every 1000 ms) */
export const DEFAULT_UPLOAD_LEASE_MS = 5000;

/**
 * Renews a batch's upload lease every `ms / 5` while the upload runs. When a renewal finds the batch no longer
 * receiving for this upload (the sweep failed it after Redis was away longer than the lease, or it was cancelled),
 * `lost` turns true and the uploader stops.
 * @example const lease = UploadLease.start(redis, space, batchId, 5000); try { ... } finally { lease.stop(); }
 */
export class UploadLease {
  /** True once the batch no longer belongs to this upload. */
  lost = false;
  private readonly timer: NodeJS.Timeout;
  private renewing = false;

  private constructor(
    private readonly redis: Redis,
    private readonly keys: { meta: string; lease: string },
    readonly uploadId: string,
    readonly ms: number,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(10, Math.floor(ms / 5)));
    // A lease never keeps a process alive.
    this.timer.unref();
  }

  /** A new upload id for {@link UploadLease.start} (written with the batch by `claimBatch`). */
  static newUploadId(): string {
    return randomUUID();
  }

  /** Starts renewing the lease `uploadId` holds on `batchId` (claimed with it). */
  static start(redis: Redis, space: Pick<BatchSpace, 'prefix'>, batchId: string, uploadId: string, ms = DEFAULT_UPLOAD_LEASE_MS): UploadLease {
    return new UploadLease(redis, batchKeys(space, batchId), uploadId, ms);
  }

  /** Stops renewing (the lease then lapses, unless `finishBatch` released it). */
  stop(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.lost) return;
    this.renewing = true;
    try {
      const held = await this.redis.eval(RENEW_LEASE, 2, this.keys.meta, this.keys.lease, this.uploadId, this.ms);
      if (held !== 1) {
        this.lost = true;
        this.stop();
      }
    } catch {
      // Redis away: the next renewal tries again; if the lease lapses meanwhile, the sweep fails the batch.
    } finally {
      this.renewing = false;
    }
  }
}

/** Fails every batch of `space` whose upload lease lapsed (its uploader died); returns their ids. */
export async function sweepAbandonedUploads(redis: Redis, space: Pick<BatchSpace, 'prefix'>): Promise<string[]> {
  const ids = await redis.smembers(receivingSetKey(space));
  // One round trip for all of them (ioredis pipelines the scripts); each is still atomic for its own batch.
  const abandoned = await Promise.all(ids.map((id) => failIfAbandoned(redis, space, id)));
  return ids.filter((_, i) => abandoned[i]);
}

/** A periodic {@link sweepAbandonedUploads}. */
export interface UploadSweeper {
  stop(): void;
}

/**
 * Runs {@link sweepAbandonedUploads} every `intervalMs` (one sweep at a time; errors, e.g. Redis away, are left
 * to the next round). `onFailed` hears the ids of batches it failed.
 */
export function startUploadSweeper(redis: Redis, space: Pick<BatchSpace, 'prefix'>, intervalMs = 1000, onFailed: (ids: string[]) => void = () => {}): UploadSweeper {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepAbandonedUploads(redis, space)
      .then((ids) => ids.length > 0 && onFailed(ids))
      .catch(() => {})
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
