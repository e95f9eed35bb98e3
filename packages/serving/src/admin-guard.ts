// Guards admin routes: a per-address rate limit, then `Authorization: Bearer <token>` compared in constant time.

import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { bearerTokenMatches } from '@mlops/http-service/bearer-token';
import { HttpError } from '@mlops/http-service/http-error';

/** At most `limit` requests per `windowSeconds` from one remote address. */
export interface AdminRateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Options of {@link adminGuard}. */
export interface AdminGuardOptions {
  /** The admin token; undefined or empty disables the routes (403 saying how to enable them). */
  readonly token: string | undefined;
  /** Name of the setting that holds the token, for the 403 message. @defaultValue 'ADMIN_TOKEN' */
  readonly tokenSetting?: string;
  /** @defaultValue 20 requests per 60 seconds per remote address */
  readonly rateLimit?: AdminRateLimit;
  /** Clock in ms, for tests. @defaultValue Date.now */
  readonly now?: () => number;
}

/** Who called an admin route, for the audit log: the token's id (never the token) and the remote address. */
export interface AdminCaller {
  /** `sha256:` and the first 12 hex digits of the token's sha256. */
  readonly tokenId: string;
  readonly remote: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The id an admin token is logged under: a short prefix of its sha256, so log readers can tell tokens apart without learning them. */
export function tokenId(token: string): string {
  return `sha256:${sha256(token).toString('hex').slice(0, 12)}`;
}

/** The caller an {@link adminGuard} let through (`res.locals.admin`). */
export function adminCaller(locals: Record<string, unknown>): AdminCaller {
  return (locals.admin as AdminCaller | undefined) ?? { tokenId: 'none', remote: 'unknown' };
}

/**
 * Middleware for admin routes: 429 (with `Retry-After`) past the rate limit of the remote address; 403 while no
 * token is configured; 401 (with `WWW-Authenticate: Bearer`) for a missing or wrong token. The token is compared
 * as sha256 digests with `timingSafeEqual`, so the time taken says nothing about it. Sets `res.locals.admin`.
 */
export function adminGuard(opts: AdminGuardOptions): RequestHandler {
  const setting = opts.tokenSetting ?? 'ADMIN_TOKEN';
  const { limit, windowSeconds } = opts.rateLimit ?? { limit: 20, windowSeconds: 60 };
  if (!Number.isInteger(limit) || limit < 1 || !(windowSeconds > 0)) throw new RangeError(`the admin rate limit must be a whole number >= 1 per a positive window, got ${limit} per ${windowSeconds} s`);
  const now = opts.now ?? Date.now;
  const id = opts.token ? tokenId(opts.token) : 'none';
  let window = -1;
  const counts = new Map<string, number>();
  return (req, res, next) => {
    const remote = req.socket.remoteAddress ?? 'unknown';
    const t = now();
    const current = Math.floor(t / (windowSeconds * 1000));
    if (current !== window) {
      window = current;
      counts.clear(); // one window's counters at a time: memory stays bounded by the addresses of one window
    }
    const used = (counts.get(remote) ?? 0) + 1;
    counts.set(remote, used);
    if (used > limit) {
      const retry = Math.max(1, Math.ceil(((current + 1) * windowSeconds * 1000 - t) / 1000));
      res.setHeader('Retry-After', String(retry));
      next(new HttpError(429, `too many admin requests from ${remote}: at most ${limit} per ${windowSeconds} s; retry in ${retry} s`));
      return;
    }
    if (!opts.token) {
      next(new HttpError(403, `the model repository routes are disabled: set ${setting} on the server (a secret of 16 characters or more) and send it as "Authorization: Bearer <token>"`));
      return;
    }
    if (!bearerTokenMatches(req.get('authorization'), opts.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="model-repository"');
      next(new HttpError(401, `send the admin token as "Authorization: Bearer <token>" (the value of ${setting} on the server)`));
      return;
    }
    res.locals.admin = { tokenId: id, remote } satisfies AdminCaller;
    next();
  };
}
