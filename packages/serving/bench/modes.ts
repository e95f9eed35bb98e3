// The configurations bench/bench-server.ts serves, named for the benchmarks that start them.

/** What each mode serves; the layer benchmark adds one layer at a time. */
export const MODES = {
  echo: 'bare node:http: read the body, JSON.parse it, answer {"ok":true} (the floor)',
  'echo-id-log': 'bare node:http echo + request id + one JSON log line per request',
  'express-noop': 'Express 5 no-op POST route with express.json()',
  'express-ctx': 'Express no-op + request context (pino-http: request id, child logger, log line)',
  'api-express-on': "the API's Express app (request context, /healthz, /v1 and v2 routers, body-parser, res.send), infer, batching on",
  'plane-nolog-off': 'data plane, infer, batching off, no request log',
  'plane-nolog-on': 'data plane, infer, batching on, no request log',
  'plane-log-on': 'data plane, infer, batching on, a log line per request',
  'plane-off': 'data plane in front of the API Express app, infer, batching off (the API composition, without its /metrics and drift observers)',
  'plane-on': 'data plane in front of the API Express app, infer, batching on (the API composition, without its /metrics and drift observers)',
  'plane-observed-on': 'the API composition + an InferenceObserver on every callback (counters, a sum of the rows scored)',
} as const;
export type Mode = keyof typeof MODES;
