// The Kubernetes HTTP probes and the compose healthchecks ask real routes: a real API built in-process answers them.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@mlops/http-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type Api } from '../../../apps/api/src/build-api';
import { readConfig } from '../../../apps/api/src/config';
import { loadK8sObjects, repoFile } from '../src/deployment-files';

let api: Api;
let server: Server;
let base: string;

beforeAll(async () => {
  // No Redis needed: probes must not depend on it (batch routes answer 503 without it, serving goes on).
  api = await buildApi(readConfig({ REDIS_URL: 'redis://127.0.0.1:1', MODEL_VERSION: '1', METRICS: 'on' }), createLogger({ level: 'silent' }));
  server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

describe('probes and scrape paths', () => {
  it('every httpGet probe and prometheus.io/path of the api pods answers 200', async () => {
    const deployment = loadK8sObjects().find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!;
    const c = deployment.spec.template.spec.containers[0];
    const paths = [c.readinessProbe, c.livenessProbe, c.startupProbe].map((probe) => probe.httpGet.path as string);
    paths.push(deployment.spec.template.metadata.annotations['prometheus.io/path']);
    expect(paths).toContain('/v2/health/ready');
    for (const path of paths) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, `GET ${path}`).toBe(200);
    }
  });

  it('readiness is the model being loaded: /v2/health/ready says so', async () => {
    expect(await (await fetch(`${base}/v2/health/ready`)).json()).toEqual({ ready: true });
  });

  it("the container healthcheck asks the route the probes use", () => {
    expect(repoFile('infra/docker/healthcheck.mjs')).toContain('/v2/health/ready');
  });
});
