// Child process of the serving benchmarks: serves one configuration on a loopback port and prints the port.
// Usage: tsx bench/bench-server.ts <mode>   (modes: see MODES below; infer modes end in -on or -off for batching)

import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createApp, requestContext, requestIdFrom, REQUEST_ID_HEADER } from '@mlops/http-service';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createInferencePlane, createInferenceRouter, ModelRegistry, type InferenceObserver } from '../src/index';
import { MODES, type Mode } from './modes';



// Log lines go where a server's stdout would, minus the reader: /dev/null still costs the formatting and the write.
const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
const mode = (process.argv[2] ?? 'echo') as Mode;
if (!(mode in MODES)) throw new Error(`unknown mode ${mode}; one of ${Object.keys(MODES).join(', ')}`);

function echo(withIdAndLog: boolean): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = '{"ok":true}';
      const headers: Record<string, string | number> = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length };
      let id = '';
      if (withIdAndLog) headers[REQUEST_ID_HEADER] = id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      res.writeHead(200, headers);
      res.end(body);
      if (withIdAndLog) logger.info({ req: { id, method: req.method, url: req.url }, res: { statusCode: 200 } }, 'request completed');
    });
  };
}

const noop: express.RequestHandler = (_req, res) => {
  res.json({ ok: true });
};

/** An observer as cheap as a metrics library's counters: what its own cost is measured with. */
function countingObserver(): InferenceObserver {
  const counts = { responses: 0, infers: 0, runs: 0, rows: 0, seconds: 0 };
  return {
    onResponse: (e) => void ((counts.responses += 1), (counts.seconds += e.seconds)),
    onInfer: (e) => void ((counts.infers += 1), (counts.seconds += e.seconds)),
    onRun: (e) => void ((counts.runs += 1), (counts.seconds += e.queueSeconds + e.computeSeconds)),
    onScored: (e) => {
      for (let r = 0; r < e.rows; r += 1) counts.rows += e.predicted[r]! >= 0 ? 1 : 0;
    },
  };
}

async function listener(): Promise<RequestListener> {
  if (mode === 'echo' || mode === 'echo-id-log') return echo(mode === 'echo-id-log');
  if (mode === 'express-noop' || mode === 'express-ctx') {
    const app = express();
    app.disable('x-powered-by');
    if (mode === 'express-ctx') app.use(requestContext(logger));
    app.post('/noop', express.json({ limit: '1mb' }), noop);
    return app;
  }
  const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
  const batching = mode.endsWith('-on') ? {} : false;
  const predictor = { info: { name: 'wine-quality', version: '1' }, predict: () => Promise.resolve([]) };
  if (mode === 'api-express-on') {
    return createApp({ logger, predictor, routers: [createInferenceRouter({ registry, batching })] });
  }
  const plane = createInferencePlane({ registry, batching, logger: mode.startsWith('plane-nolog') ? undefined : logger, observer: mode === 'plane-observed-on' ? countingObserver() : undefined });
  if (mode === 'plane-off' || mode === 'plane-on' || mode === 'plane-observed-on') return plane.handler(createApp({ logger, predictor, routers: [plane.router] }));
  return plane.handler((_req, res) => {
    res.writeHead(404).end();
  });
}

const server = createServer(await listener());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
