// The learners' side: join with the class code, post verify results with their own token, leave.

import express, { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '@mlops/http-service';
import { bearerToken } from './instructor-auth';
import type { RateLimiter } from './rate-limiter';
import type { RoomStore } from './room-store';
import type { RoomStream } from './room-stream';
import { normaliseClassCode, sameSecret } from './secrets';
import { BODY_LIMIT, joinSchema, parseBody, reportSchema } from './wire-schemas';

/** What the learner routes need. */
export interface LearnerRoutesDeps {
  readonly store: RoomStore;
  readonly stream: RoomStream;
  readonly logger: Logger;
  /** Limits each learner's posts. */
  readonly reports: RateLimiter;
  /** Limits wrong class codes at join per address (guessing). */
  readonly failures: RateLimiter;
  readonly clock: () => number;
  /** The labs of the class: a report for another lab id is refused (no learner can add columns to the room). */
  readonly labIds: ReadonlySet<string>;
}

/** Header carrying the class code on every post. */
export const CLASS_CODE_HEADER = 'x-class-code';

/**
 * `POST /api/join` `{code, name}` → 201 `{id, name, token}`; `POST /api/report` (bearer learner token and the
 * class code header) → 204; `DELETE /api/me` → 204. A learner's identity is their token: nobody can post as
 * someone else, and no route returns another learner's data.
 */
export function createLearnerRoutes(deps: LearnerRoutesDeps): Router {
  const { store, stream, logger, clock } = deps;
  const router = Router();
  const json = express.json({ limit: BODY_LIMIT });

  /** Refuses an address for a while after too many wrong class codes at join. */
  const guard = (req: Request): void => {
    if (!deps.failures.allows(req.ip ?? 'unknown')) {
      throw new HttpError(429, 'too many wrong class codes from your address: wait a minute, then check the code on the projector');
    }
  };
  /** @param count whether a wrong code counts towards the address's limit (joins: yes). */
  const checkCode = (req: Request, code: string | undefined, count: boolean): void => {
    if (code !== undefined && sameSecret(normaliseClassCode(code), store.class.code)) return;
    if (count) deps.failures.take(req.ip ?? 'unknown');
    throw new HttpError(403, 'wrong class code: copy it from the projector or the instructor (it is not case-sensitive)');
  };
  /** The learner id of the request's token. */
  const learnerOf = async (req: Request): Promise<string> => {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'no learner token: join first with npm run lab -- join <url> --code <code> --name <name>');
    const id = await store.learnerIdForToken(token);
    if (!id) throw new HttpError(401, 'this class does not know you (you were removed, or a new class started): join again');
    return id;
  };

  router.post('/api/join', json, async (req, res) => {
    guard(req);
    const body = parseBody(joinSchema, req.body, 'join request');
    checkCode(req, body.code, true);
    const { learner, token } = await store.join(body.name);
    logger.info({ learner: learner.name }, `${learner.name} joined the class`);
    stream.broadcast('learner', { now: clock(), learner });
    res.status(201).json({ id: learner.id, name: learner.name, token });
  });

  // No address guard on reports: the learner token (256 bits) cannot be guessed, and learners behind one NAT or
  // proxy share an address, so one learner's typos must not silence the others.
  router.post('/api/report', json, async (req, res) => {
    const header = req.headers[CLASS_CODE_HEADER];
    checkCode(req, typeof header === 'string' ? header : undefined, false);
    const id = await learnerOf(req);
    const wait = deps.reports.take(id);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      throw new HttpError(429, `too many reports: at most ${deps.reports.describe()}; this one was not recorded`);
    }
    const report = parseBody(reportSchema, req.body, 'report');
    if (deps.labIds.size > 0 && !deps.labIds.has(report.lab)) {
      const known = [...deps.labIds].sort().join(', ');
      throw new HttpError(400, `this classroom has no lab ${report.lab} (it has ${known}): is your repository as recent as the instructor's?`);
    }
    const learner = await store.report(id, report);
    if (!learner) throw new HttpError(401, 'this class does not know you any more: join again');
    stream.broadcast('learner', { now: clock(), learner });
    res.status(204).end();
  });

  router.delete('/api/me', async (req, res) => {
    const id = await learnerOf(req);
    await store.remove(id);
    logger.info({ learner: id }, 'a learner left the class');
    stream.broadcast('left', { now: clock(), id });
    res.status(204).end();
  });

  return router;
}
