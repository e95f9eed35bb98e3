// Who owns a batch: a capability token returned at creation; Redis keeps only its SHA-256, compared in constant time.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A token a client may choose itself (to retry a creation whose answer it never got): 32-200 base64url characters. */
export const BATCH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,200}$/;

/** The request and response header that carries a batch's token. */
export const BATCH_TOKEN_HEADER = 'Batch-Token';

/** A new token: 32 random bytes, base64url (43 characters). */
export function newBatchToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token, hex: what Redis stores (a leaked Redis dump does not hand out access). */
export function hashBatchToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether `token` is the one whose hash is `storedHash`, compared in constant time. A batch without a stored hash
 * (created by code that records no owner) belongs to nobody who calls the HTTP routes.
 */
export function tokenMatches(storedHash: string | undefined, token: string | undefined): boolean {
  if (storedHash === undefined || token === undefined || !BATCH_TOKEN_PATTERN.test(token)) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(token, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
