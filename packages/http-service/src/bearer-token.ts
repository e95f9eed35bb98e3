// Checks an `Authorization: Bearer <token>` header against the configured token in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * True when `header` is `Bearer <token>` with exactly `token`. Both sides are hashed first, so the comparison
 * takes the same time whatever the lengths.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S{1,1000})\s*$/i.exec(header ?? '');
  if (!match) return false;
  return timingSafeEqual(sha256(match[1]!), sha256(token));
}
