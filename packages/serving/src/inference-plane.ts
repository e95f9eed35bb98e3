// createInferencePlane: the v2 inference routes on bare node:http, in front of an Express app that gets every other request.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Router } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import type { Logger } from '@mlops/http-service/logger';
import { REQUEST_ID_HEADER, requestIdFrom } from '@mlops/http-service/request-context';
import { findModel } from './find-model';
import { INFERENCE_HEADER_CONTENT_LENGTH } from './infer-binary';
import { InferenceCore, warnObserverError } from './inference-core';
import type { InferenceObserver } from './inference-observer';
import { createInferenceRouterOn, DEFAULT_INFER_BODY_LIMIT, type InferenceRouterOptions } from './inference-router';
import type { ScoringLog } from './scoring-error';
import { DEFAULT_SERVER_INFO, modelMetadata, serverMetadata, SERVING_EXTENSIONS } from './v2-metadata';

/** Options of {@link createInferencePlane}. */
export interface InferencePlaneOptions extends InferenceRouterOptions {
  /**
   * Request log and error log, in pino-http's shape (`req {id, method, url}`, `res {statusCode}`,
   * `responseTime`, `request completed`): 4xx at warn, 5xx at error with the cause. Without one, nothing is logged.
   */
  readonly logger?: Logger;
  /**
   * Log one in N successful (2xx) requests; refused and failed requests are always logged. 1 logs every
   * request, like the Express routes. @defaultValue 1
   */
  readonly accessLogEvery?: number;
}

/** The data plane: its shared core, an Express router for what it hands over, and the request listener. */
export interface InferencePlane {
  readonly core: InferenceCore;
  /**
   * The same v2 routes as an Express router on the same core (same batchers, same observer), for the
   * requests the plane hands to the fallback app (HEAD, other spellings, conditional GETs, compressed
   * or non-JSON bodies): mount it in that app so those get the same answers as before.
   */
  readonly router: Router;
  /** A `node:http` request listener: v2 routes answered here, every other request passed to `fallback`. */
  handler(fallback: RequestListener): RequestListener;
}

/** Route templates the plane answers, as the observer's `route` label. */
export const PLANE_ROUTES = {
  live: '/v2/health/live',
  ready: '/v2/health/ready',
  server: '/v2',
  model: '/v2/models/:name',
  modelVersion: '/v2/models/:name/versions/:version',
  modelReady: '/v2/models/:name/ready',
  modelVersionReady: '/v2/models/:name/versions/:version/ready',
  infer: '/v2/models/:name/infer',
  inferVersion: '/v2/models/:name/versions/:version/infer',
} as const;

type Kind = 'live' | 'ready' | 'server' | 'model' | 'modelReady' | 'infer';

/** A request the plane answers. */
interface Match {
  readonly kind: Kind;
  readonly route: string;
  readonly name: string;
  readonly version: string | undefined;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SIMPLE_JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * The Open Inference Protocol v2 routes (health, server and model metadata, model readiness, infer with
 * JSON or binary tensors) answered straight on `node:http`, with none of Express's per-request work
 * (router walk, middleware chain, pino-http child logger, body-parser, `res.send`'s ETag hash), in front
 * of the Express app that answers everything else. Same answers and error contract as
 * {@link createInferenceRouter} (`{"error": "..."}`, 4xx messages that say what to fix, the
 * `request body is larger than the limit of <n> bytes` 413), request ids (`x-request-id` echoed when well
 * formed, else a new UUID), a request log and the {@link InferenceObserver}.
 *
 * The plane answers only the canonical requests: `GET` on the metadata routes without conditional
 * headers, and `POST .../infer` with an identity-encoded body that is `application/json` (or any type with
 * `Inference-Header-Content-Length`). Anything else (HEAD, a trailing slash, other letter case,
 * `%`-encoded names, `If-None-Match`, gzip bodies, other content types) goes to the fallback, where
 * `plane.router` gives the same answers as before.
 *
 * @example
 * const plane = createInferencePlane({ registry, logger });
 * const app = createApp({ logger, predictor, routers: [plane.router] });
 * http.createServer(plane.handler(app)).listen(8080);
 */
export function createInferencePlane(opts: InferencePlaneOptions): InferencePlane {
  const { logger } = opts;
  const onObserverError =
    opts.onObserverError ?? (logger ? (error: unknown, callback: string) => logger.error({ err: error, callback }, `inference observer ${callback} threw; the request went on (later failures are not logged)`) : warnObserverError);
  const core = new InferenceCore({ ...opts, onObserverError });
  const router = createInferenceRouterOn(core, opts);
  const onResponse = core.observer?.onResponse;
  const { registry } = core;
  const limit = parseByteLimit(opts.bodyLimit ?? DEFAULT_INFER_BODY_LIMIT);
  const serverBody = JSON.stringify(serverMetadata(opts.server ?? DEFAULT_SERVER_INFO, SERVING_EXTENSIONS));
  const logEvery = opts.accessLogEvery ?? 1;
  if (!Number.isInteger(logEvery) || logEvery < 1) throw new RangeError(`accessLogEvery must be a positive integer, got ${logEvery}`);
  let answered = 0;

  /** Writes the answer, the log line and the observer's event. */
  const send = (req: IncomingMessage, res: ServerResponse, m: Match, id: string, started: number, status: number, contentType: string, body: string | Buffer, extra?: Record<string, string>): void => {
    const headers: Record<string, string | number> = {
      'Content-Type': contentType,
      'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
      [REQUEST_ID_HEADER]: id,
      ...extra,
    };
    res.writeHead(status, headers);
    res.end(body);
    const seconds = (performance.now() - started) / 1000;
    onResponse?.({ method: req.method!, route: m.route, status, seconds });
    if (logger && (status >= 400 || ++answered % logEvery === 0)) {
      const line = { req: { id, method: req.method, url: req.url }, res: { statusCode: status }, responseTime: Math.round(seconds * 1000) };
      if (status >= 500) logger.error(line, 'request errored');
      else if (status >= 400) logger.warn(line, 'request completed');
      else logger.info(line, 'request completed');
    }
  };

  /** Answers an error as the house error handler does: HttpError as it says, anything else a 500 that hides it. */
  const fail = (req: IncomingMessage, res: ServerResponse, m: Match, id: string, started: number, error: unknown): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      if (error.status >= 500) logger?.error({ err: error, req: { id, method: req.method, url: req.url } }, error.message);
      send(req, res, m, id, started, error.status, JSON_TYPE, JSON.stringify({ error: error.message, ...error.details }));
      return;
    }
    logger?.error({ err: error, req: { id, method: req.method, url: req.url } }, 'unhandled error');
    send(req, res, m, id, started, 500, JSON_TYPE, JSON.stringify({ error: 'internal error', requestId: id }));
  };

  const answerGet = (req: IncomingMessage, res: ServerResponse, m: Match, id: string, started: number): void => {
    let status = 200;
    let body: string;
    switch (m.kind) {
      case 'live':
        body = '{"live":true}';
        break;
      case 'ready':
        status = registry.ready ? 200 : 503;
        body = status === 200 ? '{"ready":true}' : '{"ready":false}';
        break;
      case 'server':
        body = serverBody;
        break;
      case 'model':
        body = JSON.stringify(modelMetadata(findModel(registry, m.name, m.version)));
        break;
      default: {
        const model = registry.get(m.name);
        // Unknown model or wrong version of a loaded one: findModel's 404. Known but not loaded: 503.
        if (!registry.state(m.name) || model) findModel(registry, m.name, m.version);
        status = model ? 200 : 503;
        body = JSON.stringify({ name: m.name, ready: model !== undefined });
      }
    }
    send(req, res, m, id, started, status, JSON_TYPE, body);
  };

  const answerInfer = (req: IncomingMessage, res: ServerResponse, m: Match, id: string, started: number): void => {
    const headerLength = req.headers[INFERENCE_HEADER_CONTENT_LENGTH.toLowerCase()] as string | undefined;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      // Like body-parser: read the body off, then answer 413 (the connection stays usable).
      req.on('end', () => fail(req, res, m, id, started, tooLarge(limit)));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) {
        fail(req, res, m, id, started, tooLarge(limit));
        return;
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const log: ScoringLog | undefined = logger && { error: (obj, msg) => logger.error({ ...obj, req: { id, method: req.method, url: req.url } }, msg) };
      core.infer({ name: m.name, version: m.version, body, headerLength, started, log, requestId: id }).then(
        (answer) =>
          send(req, res, m, id, started, 200, answer.contentType === 'application/json' ? JSON_TYPE : answer.contentType, answer.body, answer.headerLength === undefined ? undefined : { [INFERENCE_HEADER_CONTENT_LENGTH]: String(answer.headerLength) }),
        (error: unknown) => fail(req, res, m, id, started, error),
      );
    });
  };

  const handler = (fallback: RequestListener): RequestListener => (req, res) => {
    const m = matchRoute(req);
    if (m === undefined) {
      fallback(req, res);
      return;
    }
    const started = performance.now();
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    try {
      if (m.kind === 'infer') answerInfer(req, res, m, id, started);
      else answerGet(req, res, m, id, started);
    } catch (error) {
      fail(req, res, m, id, started, error);
    }
  };
  return { core, router, handler };
}

/** The 413 of a body over `limit` bytes, worded as the house error handler words body-parser's. */
function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than the limit of ${limit} bytes: send a smaller body (for predictions, fewer rows per request)`);
}

/**
 * The route a request is for, when the plane answers it; undefined hands it to the fallback.
 * Exact spellings only (Express also takes other letter cases and a trailing slash: the fallback's router does).
 */
export function matchRoute(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): Match | undefined {
  const url = req.url ?? '';
  if (!url.startsWith('/v2')) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const method = req.method;
  if (method === 'GET') {
    if (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) return undefined;
    if (path === '/v2') return { kind: 'server', route: PLANE_ROUTES.server, name: '', version: undefined };
    if (path === '/v2/health/live') return { kind: 'live', route: PLANE_ROUTES.live, name: '', version: undefined };
    if (path === '/v2/health/ready') return { kind: 'ready', route: PLANE_ROUTES.ready, name: '', version: undefined };
  } else if (method !== 'POST') return undefined;
  if (!path.startsWith('/v2/models/') || path.includes('%')) return undefined;
  const parts = path.slice('/v2/models/'.length).split('/');
  const name = parts[0]!;
  if (name === '') return undefined;
  let version: string | undefined;
  let rest = parts.slice(1);
  if (rest[0] === 'versions') {
    version = rest[1];
    if (version === undefined || version === '') return undefined;
    rest = rest.slice(2);
  }
  if (method === 'GET') {
    if (rest.length === 0) return { kind: 'model', route: version === undefined ? PLANE_ROUTES.model : PLANE_ROUTES.modelVersion, name, version };
    if (rest.length === 1 && rest[0] === 'ready') return { kind: 'modelReady', route: version === undefined ? PLANE_ROUTES.modelReady : PLANE_ROUTES.modelVersionReady, name, version };
    return undefined;
  }
  if (rest.length !== 1 || rest[0] !== 'infer') return undefined;
  // The body cases Express's body parsing decides differently (no body, compressed, another type) go to the fallback.
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return undefined;
  if (req.headers[INFERENCE_HEADER_CONTENT_LENGTH.toLowerCase()] === undefined && !SIMPLE_JSON_TYPE.test(req.headers['content-type'] ?? '')) return undefined;
  return { kind: 'infer', route: version === undefined ? PLANE_ROUTES.infer : PLANE_ROUTES.inferVersion, name, version };
}

/**
 * A body limit in bytes from a number or body-parser's syntax (`'1mb'`, `'512kb'`, `'100'`; units of 1024).
 * @throws RangeError for anything else.
 */
export function parseByteLimit(limit: string | number): number {
  if (typeof limit === 'number' && Number.isFinite(limit) && limit >= 0) return Math.floor(limit);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(String(limit));
  if (!m) throw new RangeError(`body limit ${JSON.stringify(limit)} is not a size like 1mb, 512kb or 1048576`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}
