// In-memory token buckets per key (a learner, an address): cheap limits for one classroom process.

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed at once. */
  readonly burst: number;
  /** Requests added back per second. */
  readonly perSecond: number;
  /** Most keys remembered; full buckets are forgotten first. @defaultValue 10000 */
  readonly maxKeys?: number;
  readonly clock?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key. `take(key)` answers 0 when allowed, else the seconds to wait. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Takes one token for `key`.
   * @returns 0 when the request may go ahead, else the whole seconds until a token is back (for Retry-After).
   */
  take(key: string): number {
    const now = this.clock();
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  /** The sustained rate in words, e.g. `60 per minute`. */
  describe(): string {
    return `${Math.round(this.options.perSecond * 60)} per minute`;
  }

  /** True when `key` has a token left, without taking it. */
  allows(key: string): boolean {
    return this.refill(key, this.clock()).tokens >= 1;
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= (this.options.maxKeys ?? 10_000)) this.forgetFull(now);
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(key, bucket);
    }
    // A clock that steps back (NTP) must not drain the bucket.
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = Math.max(bucket.at, now);
    return bucket;
  }

  /** Drops the buckets that are full again (they behave as new ones), or every bucket if none is. */
  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.options.perSecond >= this.options.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= (this.options.maxKeys ?? 10_000)) this.buckets.clear();
  }
}
