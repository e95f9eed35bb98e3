// The canary's traffic split: each request id hashes to a fixed bucket in [0, 100), so a caller's retries see one model.

import { InvalidCanaryPolicyError } from './errors';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer.
 * @example fnv1a32('a') // 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

// MurmurHash3's finaliser. In FNV-1a the low bits of the hash depend only on the low bits of the input bytes
// (a multiplication carries upwards only), and a bucket modulo 100 = 4 x 25 reads the lowest two: ids written with
// letters that share those bits ("a", "e", "i", ...) would use a quarter of the buckets.
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The bucket of a request in [0, 100): the same for the same id and salt, in every process and on every machine.
 * The salt names the rollout (e.g. `wine-quality:2`), so each rollout picks its own set of requests.
 * @example canaryBucket('7f3c…', 'wine-quality:2') // 42
 */
export function canaryBucket(requestId: string, salt = ''): number {
  return mix32(fnv1a32(`${salt}\u0000${requestId}`)) % 100;
}

/**
 * Whether a request goes to the canary when it gets `percent`% of the traffic: its bucket is below the percent.
 * Raising the percent only adds requests to the canary (a request on the canary at 10% stays there at 20%).
 * @throws InvalidCanaryPolicyError for a percent outside [0, 100] or not a whole number
 * @example routesToCanary(req.id, 10, 'wine-quality:2') ? candidate : production
 */
export function routesToCanary(requestId: string, percent: number, salt = ''): boolean {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new InvalidCanaryPolicyError(`the canary share must be a whole percent in [0, 100], got ${percent}`);
  // #region solution step 3: send the request to the canary when its bucket (salted by the rollout) is below the percent
  return canaryBucket(requestId, salt) < percent;
  // #endregion solution
}
