// Runs YOUR lab 05 code for real: `npm start -w @mlops/lab-05-metrics`, then curl /metrics and open Prometheus (see README).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { ModelRegistry, modelRepositoryFromEnv } from '@mlops/serving';
import { createLabApi } from './lab-server';
import { prometheusBinary, startLabPrometheus, type LabPrometheus } from './lab-prometheus';

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  const httpMetrics = await importLabModule<typeof import('./starter/http-metrics')>(import.meta.dirname, 'http-metrics.ts');
  const middleware = await importLabModule<typeof import('./starter/http-middleware')>(import.meta.dirname, 'http-middleware.ts');
  const inference = await importLabModule<typeof import('./starter/inference-metrics')>(import.meta.dirname, 'inference-metrics.ts');
  const alerts = await importLabModule<typeof import('./starter/alert-rule')>(import.meta.dirname, 'alert-rule.ts');

  const models = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
  const api = createLabApi({ models, learner: { httpMetrics, middleware, inference } });
  // Your alert rule is read before anything listens: an unfinished step 6 stops here with its message.
  const rule = alerts.errorRatioAlert();

  const server = createServer(api.listener).listen(Number(process.env.PORT ?? 8085), '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  console.log(`lab 05: API on ${url}; try: curl -s ${url}/metrics`);

  let prometheus: LabPrometheus | undefined;
  const binary = process.env.PROMETHEUS_PORT === 'off' ? undefined : prometheusBinary();
  if (binary) {
    prometheus = await startLabPrometheus(binary, `127.0.0.1:${port}`, Number(process.env.PROMETHEUS_PORT ?? 9095), [rule]);
    console.log(`lab 05: Prometheus on ${prometheus.url} scrapes your metrics and evaluates your alert ${rule.alert}: ${prometheus.url}/alerts`);
  } else {
    console.log('lab 05: no Prometheus here (install Debian\'s prometheus package, or set PROMETHEUS to its binary); the API runs without it');
  }

  const stop = async () => {
    await prometheus?.stop();
    await new Promise((r) => server.close(r));
    await models.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
});
