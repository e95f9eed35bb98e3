// Child process of the metrics benchmark: the API as apps/api composes it, in one of four modes, on a loopback port.
// Usage: tsx bench/api-server.ts <off | observer | per-call | on | shipped> <port>
//   off: METRICS=off, no observer. observer: METRICS=off with an observer whose callbacks do nothing (what the data
//   plane's instrumentation costs by itself). per-call: METRICS=off with the same metrics recorded by a prom-client
//   inc/observe on every call (bench/per-call-observer.ts: the baseline the tallies replaced). on: METRICS=on, the metrics observer and middleware, live drift off.
//   shipped: the defaults, METRICS=on and live drift on (lab 06: scored rows copied into the drift window).

import { createServer } from 'node:http';
import { pino } from 'pino';
import { buildApi } from '../../../apps/api/src/build-api';
import { readConfig } from '../../../apps/api/src/config';
import { createPerCallObserver } from './per-call-observer';

const [mode = 'on', port = '0'] = process.argv.slice(2);
const logger = pino({ level: 'warn' });
const empty = { onResponse() {}, onInfer() {}, onRun() {}, onScored() {} };
const api = await buildApi(
  readConfig({
    ...process.env,
    METRICS: mode === 'on' || mode === 'shipped' ? 'on' : 'off',
    DRIFT_LIVE: mode === 'shipped' ? 'on' : 'off',
    LOG_LEVEL: 'warn',
    MODEL_VERSION: '1',
    BATCH_PREFIX: `bench-metrics-${process.pid}`,
  }),
  logger,
  mode === 'observer' ? { inferenceObserver: empty } : mode === 'per-call' ? { inferenceObserver: createPerCallObserver() } : {},
);
const server = createServer(api.app).listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void api.close().then(() => process.exit(0));
});
