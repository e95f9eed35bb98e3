// Who is the instructor: the token as a bearer header (tooling), or the session cookie the room page gets for it.

import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '@mlops/http-service';
import { sameSecret, sessionValue } from './secrets';

/** Name of the room page's session cookie (HttpOnly: the page's own script cannot read it). */
export const SESSION_COOKIE = 'classroom_session';

/** What an unauthenticated room request is told. */
const SIGN_IN = 'the room page is for the instructor: open the room link that `npm run classroom` printed (it carries the token)';

/** The value of one cookie of the request, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A bearer token from the Authorization header, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer ([\w.~+/=-]{1,256})$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** True when the request carries the instructor token (bearer) or a valid session cookie. */
export function isInstructor(req: Request, instructorToken: string): boolean {
  const bearer = bearerToken(req);
  if (bearer !== undefined) return sameSecret(bearer, instructorToken);
  const cookie = readCookie(req, SESSION_COOKIE);
  return cookie !== undefined && sameSecret(cookie, sessionValue(instructorToken));
}

/** Middleware: 401 unless the request is the instructor's. */
export function requireInstructor(instructorToken: () => string): RequestHandler {
  return (req, _res, next) => next(isInstructor(req, instructorToken()) ? undefined : new HttpError(401, SIGN_IN));
}

/**
 * Middleware for the instructor's changes (remove a learner, sign out): a browser request must come from the room
 * page itself. With the cookie's SameSite=Lax this refuses any cross-site request that might carry it.
 */
export function sameOriginOnly(): RequestHandler {
  return (req, _res, next) => {
    const site = req.headers['sec-fetch-site'];
    next(site === undefined || site === 'same-origin' || site === 'none' ? undefined : new HttpError(403, 'cross-site request refused'));
  };
}

/** Sets the session cookie for `instructorToken` (kept as long as the class is). */
export function setSessionCookie(res: Response, instructorToken: string, maxAgeSeconds: number): void {
  res.setHeader(
    'set-cookie',
    `${SESSION_COOKIE}=${sessionValue(instructorToken)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`,
  );
}

/** Clears the session cookie. */
export function clearSessionCookie(res: Response): void {
  res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}
