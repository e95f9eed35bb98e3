// The instructor's side: sign the room page in, stream the room, export it as JSON, remove a learner.

import express, { Router } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '@mlops/http-service';
import { clearSessionCookie, requireInstructor, sameOriginOnly, setSessionCookie } from './instructor-auth';
import type { RateLimiter } from './rate-limiter';
import type { RoomStore } from './room-store';
import type { RoomStream } from './room-stream';
import type { RoomSnapshot } from './room-types';
import { sameSecret } from './secrets';
import { BODY_LIMIT } from './wire-schemas';

/** What the instructor routes need. */
export interface InstructorRoutesDeps {
  readonly store: RoomStore;
  readonly stream: RoomStream;
  readonly logger: Logger;
  /** Limits wrong tokens per address. */
  readonly failures: RateLimiter;
  /** The room as the page first sees it. */
  readonly snapshot: () => Promise<RoomSnapshot>;
  /** How long the session cookie lives. */
  readonly sessionSeconds: number;
  readonly clock: () => number;
}

/**
 * `POST /api/session` `{token}` sets the HttpOnly session cookie (the page reads the token from the link's
 * `#token=` fragment, which browsers never send to a server, so the token is in no request line, log or
 * Referer, and the page removes it from the address bar); `GET /api/session` 204 or 401; `DELETE /api/session` signs out; `GET /api/events` is the live stream;
 * `GET /api/room` the same snapshot as JSON (bearer token for scripts); `DELETE /api/learners/:id` removes a row.
 */
export function createInstructorRoutes(deps: InstructorRoutesDeps): Router {
  const { store, stream, logger, clock } = deps;
  const router = Router();
  const instructor = requireInstructor(() => store.class.instructorToken);

  router.post('/api/session', sameOriginOnly(), express.json({ limit: BODY_LIMIT }), (req, res) => {
    const ip = req.ip ?? 'unknown';
    if (!deps.failures.allows(ip)) throw new HttpError(429, 'too many wrong tokens from your address: wait a minute');
    const token: unknown = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length > 256 || !sameSecret(token, store.class.instructorToken)) {
      deps.failures.take(ip);
      throw new HttpError(401, 'wrong or old instructor token: use the room link `npm run classroom` printed last');
    }
    setSessionCookie(res, store.class.instructorToken, deps.sessionSeconds);
    res.status(204).end();
  });

  router.get('/api/session', instructor, (_req, res) => {
    res.status(204).end();
  });

  router.delete('/api/session', sameOriginOnly(), (_req, res) => {
    clearSessionCookie(res);
    res.status(204).end();
  });

  router.get('/api/events', instructor, async (_req, res) => {
    if (!stream.hasRoom) throw new HttpError(503, 'too many room pages are open: close one');
    await stream.open(res, deps.snapshot);
  });

  router.get('/api/room', instructor, async (_req, res) => {
    res.json(await deps.snapshot());
  });

  router.delete('/api/learners/:id', instructor, sameOriginOnly(), async (req, res) => {
    const id = String(req.params.id);
    if (!/^[0-9a-f]{16}$/.test(id)) throw new HttpError(400, 'a learner id is 16 hexadecimal characters');
    if (!(await store.remove(id))) throw new HttpError(404, `no learner ${id} in this class`);
    logger.info({ learner: id }, 'the instructor removed a learner');
    stream.broadcast('left', { now: clock(), id });
    res.status(204).end();
  });

  return router;
}
