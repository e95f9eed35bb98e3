// Class codes, tokens and learner ids: random, compared in constant time, stored as hashes where they can be.

import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits that cannot be misread on a projector (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A class code to type from the projector: 6 characters, about 2^29 values (joins are rate-limited per address). */
export function newClassCode(length = 6): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** A secret of 32 random bytes, base64url: the instructor token and each learner's token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A learner's public id (16 hex characters): in the room page's markup, never a credential. */
export function newLearnerId(): string {
  return randomBytes(8).toString('hex');
}

/** SHA-256 of a token, hex: Redis keeps the hash, so a Redis dump cannot post as a learner. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The value of the instructor's session cookie: derived from the token, so the token itself is never in a cookie. */
export function sessionValue(instructorToken: string): string {
  return createHmac('sha256', instructorToken).update('classroom room-page session').digest('base64url');
}

/** Constant-time string comparison (a class code or token guessed one character at a time learns nothing). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A class code as typed: spaces and dashes dropped, upper case (`k7px-4q` is `K7PX4Q`). */
export function normaliseClassCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
