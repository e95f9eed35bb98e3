// infra/k8s: every manifest parses, selectors find their pods, references name real objects, ports and grace
// periods agree with the apps' configuration, and the images and commands are the ones the Dockerfile builds.

import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_SPACE } from '@mlops/batch/batch-space';
import { DEFAULT_METRICS_PORT } from '../../../apps/worker/src/config';
import { readConfig } from '../../../apps/api/src/config';
import { composeDefault, loadK8sObjects, loadYaml, repoFile, selects, type K8sObject } from '../src/deployment-files';

const objects = loadK8sObjects();
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const named = (kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} "${name}" in infra/k8s`);
  return found;
};
const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const container = (workload: string) => named('Deployment', workload).spec.template.spec.containers[0];
const env = (c: any, name: string): string | undefined => c.env?.find((e: any) => e.name === name)?.value;

describe('infra/k8s manifests', () => {
  it('parse, and each object has a kind, a name and the mlops namespace', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['api', 'prometheus', 'redis', 'worker']);
    for (const o of objects) {
      expect(o.apiVersion, `${o.file}: ${o.kind}`).toMatch(/\S/);
      expect(o.metadata?.name, `${o.file}: a ${o.kind} without a name`).toMatch(/^[a-z0-9-]+$/);
      if (o.kind !== 'Namespace') expect(o.metadata.namespace, `${o.file}: ${o.kind}/${o.metadata.name}`).toBe('mlops');
    }
  });

  it('are all listed in the kustomization', () => {
    const kustomization = loadYaml<{ resources: string[] }>('infra/k8s/kustomization.yaml');
    expect(kustomization.resources.slice().sort()).toEqual([...new Set(objects.map((o) => o.file))].sort());
  });

  it("select their own pods: each workload's selector matches its pod template's labels", () => {
    for (const w of workloads) {
      expect(selects(w.spec.selector.matchLabels, w.spec.template.metadata.labels), `${w.kind}/${w.metadata.name}`).toBe(true);
    }
  });

  it('route each Service to exactly one workload, on a container port that exists', () => {
    for (const service of ofKind('Service')) {
      const targets = workloads.filter((w) => selects(service.spec.selector, w.spec.template.metadata.labels));
      expect(targets.map((w) => w.metadata.name), `Service/${service.metadata.name}`).toEqual([service.metadata.name]);
      const portNames = targets[0]!.spec.template.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.name));
      for (const port of service.spec.ports) expect(portNames, `Service/${service.metadata.name} targetPort`).toContain(port.targetPort);
    }
  });

  it('point the HPA, the KEDA ScaledObject, the PodDisruptionBudget and the NetworkPolicy at real workloads', () => {
    expect(named('HorizontalPodAutoscaler', 'api').spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'api' });
    expect(named('Deployment', named('ScaledObject', 'worker').spec.scaleTargetRef.name).metadata.name).toBe('worker');
    expect(selects(named('PodDisruptionBudget', 'api').spec.selector.matchLabels, named('Deployment', 'api').spec.template.metadata.labels)).toBe(true);
    const policy = named('NetworkPolicy', 'redis-clients');
    expect(selects(policy.spec.podSelector.matchLabels, named('StatefulSet', 'redis').spec.template.metadata.labels)).toBe(true);
    const clients = policy.spec.ingress[0].from.filter((f: any) => f.podSelector).map((f: any) => f.podSelector.matchLabels);
    for (const name of ['api', 'worker']) {
      expect(clients.some((sel: any) => selects(sel, named('Deployment', name).spec.template.metadata.labels)), `${name} may reach Redis`).toBe(true);
    }
  });

  it("use the API's and the worker's default ports, and Redis through its Service", () => {
    const api = container('api');
    const apiPort = readConfig({}).PORT;
    expect(api.ports.find((p: any) => p.name === 'http').containerPort).toBe(apiPort);
    expect(Number(env(api, 'PORT'))).toBe(apiPort);
    const worker = container('worker');
    expect(worker.ports.find((p: any) => p.name === 'metrics').containerPort).toBe(DEFAULT_METRICS_PORT);
    expect(Number(env(worker, 'METRICS_PORT'))).toBe(DEFAULT_METRICS_PORT);
    // The worker's /metrics listens on 127.0.0.1 unless told otherwise: Prometheus could not reach it.
    expect(env(worker, 'METRICS_HOST')).toBe('0.0.0.0');
    expect(env(api, 'HOST')).toBe('0.0.0.0');
    const redisPort = named('Service', 'redis').spec.ports[0].port;
    for (const c of [api, worker]) expect(env(c, 'REDIS_URL')).toBe(`redis://redis:${redisPort}`);
  });

  it('give each pod longer to stop than it takes to drain', () => {
    const api = named('Deployment', 'api').spec.template.spec;
    const preStopSeconds = Number(api.containers[0].lifecycle.preStop.exec.command[1]);
    const drainSeconds = Number(env(api.containers[0], 'SHUTDOWN_TIMEOUT_MS')) / 1000;
    expect(api.terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds + drainSeconds);
    const worker = named('Deployment', 'worker').spec.template.spec;
    // The worker exits at most 5 s after its deadline (EXIT_BACKSTOP_MS in apps/worker/src/main.ts).
    const deadlineSeconds = Number(env(worker.containers[0], 'SHUTDOWN_DEADLINE_MS')) / 1000;
    expect(worker.terminationGracePeriodSeconds).toBeGreaterThan(deadlineSeconds + 5);
  });

  it('run the image docker compose builds, with the entry points the bundle has', () => {
    const compose = loadYaml('docker-compose.yml');
    const image = composeDefault(compose.services.api.image);
    const repository = image.slice(0, image.lastIndexOf(':'));
    const kustomization = loadYaml<{ images: { name: string; newTag: string }[] }>('infra/k8s/kustomization.yaml');
    expect(kustomization.images).toContainEqual({ name: repository, newTag: image.slice(image.lastIndexOf(':') + 1) });
    const bundle = repoFile('infra/docker/bundle.mjs');
    expect(repoFile('infra/docker/node-service.Dockerfile')).toMatch(/^ENTRYPOINT \["tini", "--"\]$/m);
    for (const name of ['api', 'worker']) {
      const c = container(name);
      expect(c.image, `${name} image`).toBe(image);
      // args, never command: command would replace the image's entrypoint (tini) and make node PID 1.
      expect(c.command, `${name} must not override the entrypoint`).toBeUndefined();
      const entry = c.args.find((arg: string) => arg.startsWith('dist/'));
      expect(entry).toBe(`dist/${name}.mjs`);
      expect(bundle, `infra/docker/bundle.mjs builds ${entry}`).toMatch(new RegExp(`\\b${name}: \`\\$\\{root\\}apps/${name}/src/main\\.ts\``));
    }
    expect(named('StatefulSet', 'redis').spec.template.spec.containers[0].image).toBe(compose.services.redis.image);
  });

  it("scale the workers on the queue's BullMQ keys and metrics", () => {
    const triggers = named('ScaledObject', 'worker').spec.triggers;
    const { prefix, queueName } = DEFAULT_BATCH_SPACE;
    expect(triggers.find((t: any) => t.type === 'redis').metadata.listName).toBe(`${prefix}:${queueName}:wait`);
    const query: string = triggers.find((t: any) => t.type === 'prometheus').metadata.query;
    expect(query).toContain(`queue="${queueName}"`);
    // Every worker exports the same queue counts: summing over workers would count each job once per worker.
    expect(query).toMatch(/max by \(state\)/);
    expect(repoFile('apps/worker/src/worker-metrics.ts')).toContain('bullmq_jobs');
  });
});
