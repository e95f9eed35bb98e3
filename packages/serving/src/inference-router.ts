// createInferenceRouter: the Open Inference Protocol v2 REST routes (health, metadata, ready, infer) over a ModelRegistry.

import { resolve, sep } from 'node:path';
import express, { type Request, type Router } from 'express';
import { HttpError } from '@mlops/http-service/http-error';
import { buildInferResponse, parseInferRequest } from './infer-handler';
import { parseInferBody } from './infer-body';
import { inferResponseToJson } from './infer-response-json';
import type { LoadedModel } from './load-model';
import { BatcherClosedError, MicroBatcher, type MicroBatchOptions, type ScoreFn } from './micro-batcher';
import type { ModelRegistry } from './model-registry';
import { DEFAULT_SERVER_INFO, modelMetadata, serverMetadata, type ServerInfo } from './v2-metadata';

/** Options of {@link createInferenceRouter}. */
export interface InferenceRouterOptions {
  readonly registry: ModelRegistry;
  /** Dynamic micro-batching per model, or `false` to run each request on its own. @defaultValue `{}` (on, defaults) */
  readonly batching?: MicroBatchOptions | false;
  /** Most rows in one infer request; more is answered 413. @defaultValue 1024 */
  readonly maxRowsPerRequest?: number;
  /** Largest JSON body the infer route parses (body-parser syntax). @defaultValue '1mb' (1,024 rows of 17-digit numbers are about 230 kB) */
  readonly bodyLimit?: string;
  /** Name and version reported by `GET /v2`. */
  readonly server?: ServerInfo;
  /**
   * Replacements for the request/response code and the batcher; lab 03's run.ts serves the learner's own
   * versions through this. Omitted parts use this package's.
   */
  readonly parts?: Partial<InferenceParts>;
}

/** The pieces of the infer route a lab can swap in. */
export interface InferenceParts {
  readonly parseInferRequest: typeof parseInferRequest;
  readonly buildInferResponse: typeof buildInferResponse;
  readonly MicroBatcher: new (score: ScoreFn, opts: ConstructorParameters<typeof MicroBatcher>[1]) => Batcher;
}

/** What the router needs from a micro-batcher. */
interface Batcher {
  submit(features: Float32Array, rowCount: number): Promise<Float32Array>;
  close(): Promise<void>;
}

/** The request logger an app may attach (pino-http's `req.log`). */
interface RequestLog {
  error(obj: object, msg: string): void;
}

/** `message` with the model repository's absolute path left out: `<repo>/wine-quality/1/model.onnx` becomes `wine-quality/1/model.onnx`. */
export function relativeToRepository(message: string, repository: string): string {
  const root = resolve(repository);
  return message.split(`${root}${sep}`).join('').split(root).join('the model repository');
}

/** The `:name` and optional `:version` path parameters. */
function modelParams(req: Request): { name: string; version: string | undefined } {
  const params = req.params as Record<string, string | undefined>;
  return { name: params.name ?? '', version: params.version };
}

/** Default {@link InferenceRouterOptions.maxRowsPerRequest}. */
export const DEFAULT_MAX_ROWS_PER_REQUEST = 1024;

/**
 * Express router for the Open Inference Protocol v2 (mount at `/`). Errors are thrown as `HttpError`
 * for the app's error middleware to render as `{"error": "..."}`. Readiness answers 200 `{"ready": true}`
 * or 503 `{"ready": false}` so it works as a Kubernetes readiness probe.
 *
 * Routes: `GET /v2/health/live`, `GET /v2/health/ready`, `GET /v2`, `GET /v2/models/:name[/versions/:version]`,
 * `GET .../ready`, `POST .../infer`.
 */
export function createInferenceRouter(opts: InferenceRouterOptions): Router {
  const { registry } = opts;
  const maxRows = opts.maxRowsPerRequest ?? DEFAULT_MAX_ROWS_PER_REQUEST;
  const limits = { maxRows };
  const server = opts.server ?? DEFAULT_SERVER_INFO;
  const batching = opts.batching === undefined ? {} : opts.batching;
  const parts: InferenceParts = { parseInferRequest, buildInferResponse, MicroBatcher, ...opts.parts };
  const batchers = new Map<LoadedModel, Batcher>();
  registry.onClose(async () => {
    await Promise.all([...batchers.values()].map((b) => b.close()));
  });

  const scorerFor = (model: LoadedModel): ((x: Float32Array, n: number) => Promise<Float32Array>) => {
    if (batching === false) return (x, n) => model.score(x, n);
    let batcher = batchers.get(model);
    if (!batcher) {
      const { inputWidth, outputWidth } = model.signature;
      batcher = new parts.MicroBatcher((x, n) => model.score(x, n), { ...batching, inputWidth, outputWidth });
      batchers.set(model, batcher);
    }
    const b = batcher;
    return (x, n) => b.submit(x, n);
  };

  /** The loaded model a request names, or a 404 (unknown name or version) / 503 (not loaded). */
  const findModel = (req: Request): LoadedModel => {
    const { name, version } = modelParams(req);
    const state = registry.state(name);
    if (!state) {
      const known = registry.names.map((n) => `"${n}"`).join(', ') || 'none';
      throw new HttpError(404, `no model named ${JSON.stringify(name)}; known models: ${known}`);
    }
    const model = registry.get(name);
    if (!model) {
      if (state.state === 'failed' && !registry.isClosing) {
        // The full error (absolute paths included) is in the server log and in the cause; callers get
        // the problem with paths relative to the model repository.
        const version = state.version === undefined ? 'latest version' : `version ${state.version}`;
        const problem = relativeToRepository(state.error.message, registry.repository);
        throw new HttpError(503, `model "${name}" is not ready (${version} failed to load: ${problem})`, undefined, { cause: state.error });
      }
      const why = registry.isClosing ? 'the server is shutting down' : `it is ${state.state}`;
      throw new HttpError(503, `model "${name}" is not ready (${why})`);
    }
    if (version !== undefined && version !== model.version) {
      throw new HttpError(404, `model "${name}" has no version ${JSON.stringify(version)} loaded; loaded version: "${model.version}"`);
    }
    return model;
  };

  const rawJson = express.raw({ type: 'application/json', limit: opts.bodyLimit ?? '1mb' });
  const router = express.Router();
  router.get('/v2/health/live', (_req, res) => {
    res.json({ live: true });
  });
  router.get('/v2/health/ready', (_req, res) => {
    const ready = registry.ready;
    res.status(ready ? 200 : 503).json({ ready });
  });
  router.get('/v2', (_req, res) => {
    res.json(serverMetadata(server));
  });

  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    router.get(base, (req, res) => {
      res.json(modelMetadata(findModel(req)));
    });
    router.get(`${base}/ready`, (req, res) => {
      const { name, version } = modelParams(req);
      const state = registry.state(name);
      if (!state) findModel(req); // throws the 404 listing known models
      const model = registry.get(name);
      const ready = model !== undefined && (version === undefined || version === model.version);
      if (!ready && model) findModel(req); // wrong version: 404
      res.status(ready ? 200 : 503).json({ name, ready });
    });
    router.post(`${base}/infer`, rawJson, async (req, res) => {
      const model = findModel(req);
      if (req.body === undefined) throw new HttpError(400, 'send a JSON body with Content-Type: application/json');
      // Raw bytes from rawJson get the fast parser; a body an app-wide express.json() already parsed is used as is.
      const body: unknown = Buffer.isBuffer(req.body) ? parseInferBody(req.body) : req.body;
      const request = parts.parseInferRequest(body, model.signature, limits);
      let probabilities: Float32Array;
      try {
        probabilities = await scorerFor(model)(request.features, request.rowCount);
      } catch (error) {
        // By name, so a lab's own MicroBatcher class counts too.
        if (error instanceof Error && error.name === BatcherClosedError.name) throw new HttpError(503, error.message);
        // A lab starter's "step N is not done yet: open ..." is meant for the learner, not a secret.
        // By code, not instanceof: the starter may load another copy of the lab-kit module.
        if ((error as { code?: unknown } | null)?.code === 'NOT_IMPLEMENTED') throw new HttpError(500, (error as Error).message, undefined, { cause: error });
        const reason = error instanceof Error ? error.message : String(error);
        (req as { log?: RequestLog }).log?.error(
          { err: error, model: model.name, version: model.version, rows: request.rowCount },
          `model "${model.name}" version ${model.version} failed to score ${request.rowCount} rows: ${reason}`,
        );
        throw new HttpError(500, `model "${model.name}" failed to score the request`, undefined, { cause: error });
      }
      res.type('application/json').send(inferResponseToJson(parts.buildInferResponse(model, request, probabilities)));
    });
  }
  return router;
}
