// A small Express app around the learner's error handler alone, so step 3 is tested without step 4's createApp.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import request from 'supertest';
import { createLogger } from '@mlops/http-service/logger';
import { requestContext } from '@mlops/http-service/request-context';
import { createErrorHandler } from '@lab/error-handler';

/** Express' error handler answers in HTML; ours must answer in JSON. */
export interface ErrorApp {
  readonly app: Express;
  /** Throws what the learner's error handler itself threw (a TODO still in place, say), if it did. */
  check(): void;
}

/**
 * `GET /fail` throws `error`; `POST /echo` parses JSON up to 2 kB like the predict route. Then the learner's
 * `createErrorHandler()`, last. `context: false` leaves out `requestContext` (no `req.log`, no `req.id`).
 */
export function errorApp(error: unknown, options: { logger?: Logger; context?: boolean } = {}): ErrorApp {
  const app = express();
  if (options.context !== false) app.use(requestContext(options.logger ?? createLogger({ level: 'silent' })));
  app.get('/fail', () => {
    throw error;
  });
  app.post('/echo', express.json({ limit: '2kb' }), (req, res) => void res.json(req.body));
  let thrown: unknown;
  const handler = createErrorHandler();
  const guarded: ErrorRequestHandler = (err, req, res, next) => {
    const fail = (problem: unknown) => {
      thrown ??= problem;
      if (!res.headersSent) res.status(599).end();
    };
    try {
      const result: unknown = handler(err, req, res, next);
      if (result instanceof Promise) result.catch(fail);
    } catch (problem) {
      fail(problem);
    }
  };
  app.use(guarded);
  return {
    app,
    check() {
      if (thrown !== undefined) throw thrown;
    },
  };
}

/** Sends one request to an {@link errorApp} and returns the response, after rethrowing what the handler threw. */
export async function answer(target: ErrorApp, send: (agent: ReturnType<typeof request>) => request.Test): Promise<request.Response> {
  let res: request.Response;
  try {
    res = await send(request(target.app)).timeout(5000);
  } catch (err) {
    target.check();
    if ((err as { timeout?: number }).timeout === undefined) throw err;
    throw new Error('the error handler sent no response within 5 s: every branch must answer (res.status(...).json(...))');
  }
  target.check();
  return res;
}
