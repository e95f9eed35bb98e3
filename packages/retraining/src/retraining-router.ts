// HTTP routes of retraining: the Alertmanager webhook, the manual trigger, and a job's progress and result.

import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Redis } from 'ioredis';
import { isRedisUnavailableError } from '@mlops/redis';
import { HttpError } from '@mlops/http-service/http-error';
import { bearerTokenMatches } from '@mlops/http-service/bearer-token';
import { DEFAULT_RETRAINING_SPACE, RETRAIN_JOB_ID_PATTERN, rateLimitKey, type RetrainingSpace } from './retraining-space';
import { readRetrainStatus } from './job-status';
import { consumeRateLimit, type RateLimit } from './rate-limit';
import type { RetrainQueue } from './retrain-queue';
import { handleAlertNotification } from './alert-webhook';
import { triggerManualRetraining } from './manual-trigger';
import type { TriggerContext } from './trigger-context';

/** Options of {@link createRetrainingRouter}. */
export interface RetrainingRouterOptions {
  /** A fail-fast connection (`createProducerConnection`): the routes answer 503 at once while Redis is down. */
  readonly redis: Redis;
  /** The retrain queue (`createRetrainQueue(redis, space)`); the caller closes it. */
  readonly queue: RetrainQueue;
  /** @defaultValue DEFAULT_RETRAINING_SPACE */
  readonly space?: RetrainingSpace;
  /**
   * Bearer token of the webhook and the manual trigger (Alertmanager: `http_config.authorization.credentials_file`).
   * Unset: both answer 403 saying how to enable them.
   */
  readonly token?: string;
  /** Name of the setting that holds {@link token}, for the 403 message. @defaultValue 'RETRAINING_TOKEN' */
  readonly tokenSetting?: string;
  /** Models that may be retrained; the first is the manual trigger's default. @defaultValue ['wine-quality'] */
  readonly models?: readonly string[];
  /** The alert that starts a retraining; other alerts are acknowledged and ignored. @defaultValue 'ModelDataDrift' */
  readonly alertName?: string;
  /** Requests to the two POST routes together. @defaultValue 60 per 60 s */
  readonly requestLimit?: RateLimit;
  /** New retrainings started, by alert or by hand. @defaultValue 4 per hour */
  readonly retrainLimit?: RateLimit;
  /** How long an alert episode's claim is kept. @defaultValue 7 days */
  readonly episodeTtlSeconds?: number;
  /** Largest JSON body. @defaultValue '256kb' */
  readonly maxBody?: string;
}

/** Default {@link RetrainingRouterOptions.requestLimit}. */
export const DEFAULT_REQUEST_LIMIT: RateLimit = { limit: 60, windowSeconds: 60 };
/** Default {@link RetrainingRouterOptions.retrainLimit}. */
export const DEFAULT_RETRAIN_LIMIT: RateLimit = { limit: 4, windowSeconds: 3600 };

/** What a client reads while Redis is away. */
export const RETRAINING_UNAVAILABLE = 'retraining is unavailable: its Redis queue cannot be reached right now; retry in a few seconds';

/**
 * The retraining routes, to mount at the app root: `app.use(createRetrainingRouter({ redis, queue, token }))`.
 * - `POST /v1/alerts/alertmanager`: Alertmanager's webhook (payload version "4"). Each firing `ModelDataDrift`
 *   alert of a known model starts one retraining per episode (fingerprint + startsAt), whatever the number of
 *   notifications; resolved alerts start nothing. 200 with what was started, already running, or ignored.
 * - `POST /v1/retraining`: `{"reason": "...", "model"?: "wine-quality"}`, optional `Idempotency-Key` header: 202
 *   with the job id and status URL (200 for a repeated key).
 * - `GET /v1/retraining/:id`: state, progress (stage, epoch), result (registered or rejected, with the gate's
 *   reasons) or failure.
 * Every route needs `Authorization: Bearer <token>` (401 without, 403 while no token is configured): a status
 * names who asked and the gate's figures. The POST routes are rate-limited (429 with Retry-After); new retrainings
 * have their own limit. 503 while Redis is away.
 */
export function createRetrainingRouter(options: RetrainingRouterOptions): Router {
  const { redis, queue } = options;
  const context: TriggerContext = {
    redis,
    queue,
    space: options.space ?? DEFAULT_RETRAINING_SPACE,
    models: options.models ?? ['wine-quality'],
    retrainLimit: options.retrainLimit ?? DEFAULT_RETRAIN_LIMIT,
  };
  const requestLimit = options.requestLimit ?? DEFAULT_REQUEST_LIMIT;
  const tokenSetting = options.tokenSetting ?? 'RETRAINING_TOKEN';
  const json = express.json({ limit: options.maxBody ?? '256kb' });
  const router = Router();

  const available: RequestHandler = (_req, _res, next) => next(redis.status === 'ready' ? undefined : new HttpError(503, RETRAINING_UNAVAILABLE));
  const authenticated: RequestHandler = (req, res, next) => {
    if (options.token === undefined || options.token === '') {
      next(new HttpError(403, `retraining triggers are disabled: set ${tokenSetting} on the server and send it as "Authorization: Bearer <token>" (Alertmanager: http_config.authorization.credentials_file)`));
      return;
    }
    if (!bearerTokenMatches(req.get('authorization'), options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="retraining"');
      next(new HttpError(401, 'send the retraining token as "Authorization: Bearer <token>"'));
      return;
    }
    next();
  };
  const limited: RequestHandler = async (_req, res, next) => {
    const result = await consumeRateLimit(redis, (w) => rateLimitKey(context.space, 'requests', w), requestLimit).catch(toUnavailable);
    if (!result.allowed) {
      res.setHeader('Retry-After', String(result.retryAfterSeconds));
      next(new HttpError(429, `too many retraining requests: at most ${requestLimit.limit} per ${requestLimit.windowSeconds} s; retry in ${result.retryAfterSeconds} s`));
      return;
    }
    next();
  };
  const jsonBody: RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) {
      req.resume();
      next(new HttpError(415, 'send a JSON body (Content-Type: application/json)'));
      return;
    }
    json(req, res, next);
  };

  router.post('/v1/alerts/alertmanager', available, authenticated, limited, jsonBody, async (req: Request, res: Response) => {
    const outcome = await handleAlertNotification(context, req.body, { alertName: options.alertName ?? 'ModelDataDrift', episodeTtlSeconds: options.episodeTtlSeconds }).catch(toUnavailable);
    if (outcome.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
    res.status(outcome.rateLimited.length > 0 ? 429 : 200).json(outcome);
  });

  router.post('/v1/retraining', available, authenticated, limited, jsonBody, async (req: Request, res: Response) => {
    const outcome = await triggerManualRetraining(context, req.body, req.get('idempotency-key')).catch((error: unknown) => {
      const retryAfter = error instanceof HttpError ? error.details?.retryAfterSeconds : undefined;
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
      return toUnavailable(error);
    });
    res
      .status(outcome.created ? 202 : 200)
      .location(outcome.statusUrl)
      .json(outcome);
  });

  router.get('/v1/retraining/:id', available, authenticated, async (req: Request, res: Response) => {
    const id = req.params.id as string;
    if (!RETRAIN_JOB_ID_PATTERN.test(id)) throw new HttpError(400, `retraining id "${id.slice(0, 120)}" is invalid; use the jobId a trigger answered (letters, digits, "_" or "-")`);
    const status = await readRetrainStatus(queue, id).catch(toUnavailable);
    if (!status) throw new HttpError(404, `no retraining "${id}" (unknown, or removed 7 days after it finished)`);
    res.json(status);
  });

  return router;
}

/** Redis errors become a 503 (the cause goes to the log); anything else is rethrown as is. */
function toUnavailable(error: unknown): never {
  if (error instanceof HttpError) throw error;
  if (isRedisUnavailableError(error)) throw new HttpError(503, RETRAINING_UNAVAILABLE, undefined, { cause: error });
  throw error;
}
