// Child process of bench/serving.ts: serves one scenario on a loopback port and prints the port.
// Usage: tsx bench/bench-server.ts noop|noop-json|infer-off|infer-on

import express from 'express';
import type { AddressInfo } from 'node:net';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createInferenceRouter, ModelRegistry, parseInferBody } from '../src/index';

const mode = process.argv[2] ?? 'noop';
const app = express();
app.disable('x-powered-by');
app.disable('etag');
if (mode === 'noop') {
  // The baseline: the infer route's body parsing (raw bytes + parseInferBody), no model.
  app.post('/noop', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    parseInferBody(req.body as Buffer);
    res.json({ ok: true });
  });
} else if (mode === 'noop-json') {
  // A plain Express no-op with express.json(), for reference.
  app.post('/noop', express.json({ limit: '1mb' }), (_req, res) => {
    res.json({ ok: true });
  });
} else {
  const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
  app.use(createInferenceRouter({ registry, batching: mode === 'infer-on' ? {} : false }));
}
app.use(((err, _req, res, _next) => {
  res.status((err as { status?: number }).status ?? 500).json({ error: (err as Error).message });
}) as express.ErrorRequestHandler);

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
