// The classroom app factory: security headers, the room page's files, the learner and instructor routes, errors.

import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { createErrorHandler, HttpError, notFound, requestContext } from '@mlops/http-service';
import { isRedisUnavailableError } from '@mlops/redis';
import { ClassroomError } from './errors';
import { createInstructorRoutes } from './instructor-routes';
import { createLearnerRoutes } from './learner-routes';
import { RateLimiter } from './rate-limiter';
import type { RoomStore } from './room-store';
import type { RoomStream } from './room-stream';
import type { LabInfo, RoomSnapshot } from './room-types';
import { securityHeaders } from './security-headers';

/** Folder of the room page's static files (HTML, CSS, JavaScript modules). */
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** What the classroom app needs. */
export interface ClassroomDeps {
  /** The class, already opened. */
  readonly store: RoomStore;
  readonly stream: RoomStream;
  readonly logger: Logger;
  /** The lab columns. */
  readonly labs: readonly LabInfo[];
  /** URLs learners join, shown on the page (a function: the port may be known only once listening). */
  readonly joinUrls: () => readonly string[];
  /** Default "stuck" threshold of the page, in minutes. */
  readonly stuckMinutes: number;
  /** Posts per learner per minute (with a burst of 10). @defaultValue 60 */
  readonly reportsPerMinute?: number;
  /** How long the instructor's session cookie lives, in seconds. @defaultValue 72 hours */
  readonly sessionSeconds?: number;
  /** The classroom's clock in ms: tests move it to make a learner stuck without waiting. @defaultValue Date.now */
  readonly clock?: () => number;
}

/**
 * Builds the classroom without listening (tests drive it with supertest; `main.ts` listens).
 * @example
 * const app = createClassroomApp({ store, stream: new RoomStream(), logger, labs, joinUrls: () => urls, stuckMinutes: 10 });
 */
export function createClassroomApp(deps: ClassroomDeps): Express {
  const clock = deps.clock ?? Date.now;
  const snapshot = async (): Promise<RoomSnapshot> => ({
    now: clock(),
    stuckMinutes: deps.stuckMinutes,
    labs: deps.labs,
    learners: await deps.store.learners(),
    join: { urls: deps.joinUrls(), code: deps.store.class.code },
  });
  const perMinute = deps.reportsPerMinute ?? 60;
  // Limits run on real time, not on the (movable) room clock.
  const reports = new RateLimiter({ burst: 10, perSecond: perMinute / 60 });
  // Ten wrong codes or tokens per address, then one more every 6 s: guessing a code takes years.
  const failures = new RateLimiter({ burst: 10, perSecond: 1 / 6 });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Forty learners post every few seconds: log requests that went wrong, not every 204.
  app.use(requestContext(deps.logger.isLevelEnabled('info') ? deps.logger.child({}, { level: 'warn' }) : deps.logger));
  app.use(securityHeaders());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()), roomPages: deps.stream.size });
  });
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', dotfiles: 'ignore', etag: false, lastModified: false, cacheControl: false }));
  const labIds = new Set(deps.labs.map((lab) => lab.id));
  app.use(createLearnerRoutes({ store: deps.store, stream: deps.stream, logger: deps.logger, reports, failures, clock, labIds }));
  app.use(
    createInstructorRoutes({
      store: deps.store,
      stream: deps.stream,
      logger: deps.logger,
      failures,
      snapshot,
      sessionSeconds: deps.sessionSeconds ?? 72 * 3600,
      clock,
    }),
  );
  app.use(notFound());
  app.use(classroomErrors());
  app.use(createErrorHandler());
  return app;
}

/** Turns the store's errors and an unreachable Redis into HTTP errors for the one error handler. */
function classroomErrors(): ErrorRequestHandler {
  const status: Record<ClassroomError['code'], number> = { NAME_TAKEN: 409, CLASS_FULL: 409, CLASS_NOT_OPEN: 503 };
  return (err, _req, _res, next) => {
    if (err instanceof ClassroomError) return next(new HttpError(status[err.code], err.message, { code: err.code }, { cause: err }));
    if (isRedisUnavailableError(err)) {
      return next(new HttpError(503, 'the classroom cannot reach its Redis right now: tell the instructor', undefined, { cause: err }));
    }
    next(err);
  };
}
