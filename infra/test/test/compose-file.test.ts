// docker-compose.yml and the image build: loopback ports that can be moved, healthchecks without curl, one image
// for api, worker and retrainer, stop grace periods above the drain deadlines, files mounted where their configs look,
// and one retraining token shared by the API and Alertmanager.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDIS_TEST_IMAGE } from '@mlops/redis/test-redis-container';
import { composeDefault, loadYaml, REPO_ROOT, repoFile } from '../src/deployment-files';

const compose = loadYaml('docker-compose.yml');
const services: Record<string, any> = compose.services;
const dockerfile = repoFile('infra/docker/node-service.Dockerfile');
const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1] ?? NaN);

describe('docker-compose.yml', () => {
  it('publishes every port on 127.0.0.1 only, each movable with a ${NAME_PORT:-default} variable', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p: string) => [name, p] as const));
    expect(published.length).toBeGreaterThanOrEqual(5);
    expect(services.alertmanager.ports).toEqual(['127.0.0.1:${ALERTMANAGER_PORT:-9093}:9093']);
    for (const [name, port] of published) expect(port, name).toMatch(/^127\.0\.0\.1:\$\{[A-Z]+_PORT:-\d+\}:\d+$/);
  });

  it('runs the api, the worker and the retrainer from one image, built once from the shared Dockerfile target', () => {
    for (const name of ['worker', 'retrainer']) {
      expect(services[name].image, name).toBe(services.api.image);
      expect(services[name].build, name).toEqual(services.api.build);
    }
    // Each runs a bundle that infra/docker/bundle.mjs builds.
    const bundle = repoFile('infra/docker/bundle.mjs');
    for (const name of ['worker', 'retrainer']) {
      const entry = services[name].command.at(-1) as string;
      expect(entry, name).toBe(`dist/${name}.mjs`);
      expect(bundle, name).toContain(`${name}: \`\${root}apps/${name}/src/main.ts\``);
    }
    expect(services.api.build).toMatchObject({ dockerfile: 'infra/docker/node-service.Dockerfile', target: 'runtime' });
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:[\d.]+-\w+-slim$/m);
  });

  it('has node healthchecks for the api and the worker (the image has no curl) and one for every other service', () => {
    expect(services.api.healthcheck.test).toEqual(['CMD', 'node', 'dist/healthcheck.mjs', 'api']);
    expect(services.worker.healthcheck.test).toEqual(['CMD', 'node', 'dist/healthcheck.mjs', 'worker']);
    expect(services.retrainer.healthcheck.test).toEqual(['CMD', 'node', 'dist/healthcheck.mjs', 'retrainer']);
    expect(repoFile('infra/docker/healthcheck.mjs')).toMatch(/^\s+retrainer: \(\) => consuming\(/m);
    for (const name of ['redis', 'prometheus', 'grafana', 'alertmanager']) expect(services[name].healthcheck?.test, name).toBeDefined();
    // The Alertmanager image has amtool, not curl: the check asks the running Alertmanager for its config.
    expect(services.alertmanager.healthcheck.test).toEqual(['CMD', 'amtool', '--alertmanager.url=http://127.0.0.1:9093', 'config', 'show']);
  });

  it('gives each service longer to stop than its drain deadline, and restarts what should keep running', () => {
    expect(seconds(services.api.stop_grace_period)).toBeGreaterThan(Number(services.api.environment.SHUTDOWN_TIMEOUT_MS) / 1000);
    // The worker exits at most 5 s after SHUTDOWN_DEADLINE_MS (its exit backstop).
    expect(seconds(services.worker.stop_grace_period)).toBeGreaterThan(Number(services.worker.environment.SHUTDOWN_DEADLINE_MS) / 1000 + 5);
    // The retrainer too (its exit backstop is also 5 s): past the deadline its job goes back to the queue.
    expect(seconds(services.retrainer.stop_grace_period)).toBeGreaterThan(Number(services.retrainer.environment.SHUTDOWN_DEADLINE_MS) / 1000 + 5);
    for (const name of ['redis', 'api', 'worker', 'retrainer', 'alertmanager', 'prometheus', 'grafana']) expect(services[name].restart, name).toBe('unless-stopped');
    expect(services.trainer.restart).toBe('no');
  });

  it('runs the api, the worker, the retrainer and Alertmanager read-only, without capabilities, as in infra/k8s', () => {
    for (const name of ['api', 'worker', 'retrainer']) {
      expect(services[name], name).toMatchObject({ read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
    }
    expect(services.alertmanager).toMatchObject({ read_only: true, cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'] });
  });

  it('shares the model repository volume between the api, the workers, the retrainer and the trainer', () => {
    for (const name of ['api', 'worker', 'retrainer', 'trainer']) expect(services[name].volumes, name).toContain('models:/models');
    expect(compose.volumes).toHaveProperty('models');
  });

  it('gives the API and Alertmanager one retraining token, written where the compose config reads it', () => {
    expect(services.api.environment.RETRAINING_TOKEN).toBe(services.alertmanager.environment.RETRAINING_TOKEN);
    // The workshop default is long enough for the API (16+ characters) and says what it is.
    expect(composeDefault(services.api.environment.RETRAINING_TOKEN)).toMatch(/^[\x21-\x7e]{16,}$/);
    expect(composeDefault(services.api.environment.RETRAINING_TOKEN)).toContain('not-for-production');
    const amConfig = loadYaml('infra/alertmanager/alertmanager.compose.yml');
    const webhook = amConfig.receivers.find((r: any) => r.name === 'retraining').webhook_configs[0];
    expect(webhook.url).toBe(`http://api:${services.api.ports[0].split(':').at(-1)}/v1/alerts/alertmanager`);
    const tokenFile: string = webhook.http_config.authorization.credentials_file;
    expect(services.alertmanager.entrypoint.join(' ')).toContain(`> ${tokenFile} && exec /bin/alertmanager`);
    expect(services.alertmanager.tmpfs[0]).toMatch(new RegExp(`^${tokenFile.slice(0, tokenFile.lastIndexOf('/'))}:`));
    expect(services.alertmanager.command).toContain('--config.file=/etc/alertmanager/alertmanager.compose.yml');
    expect(services.alertmanager.volumes).toContain('./infra/alertmanager:/etc/alertmanager:ro');
  });

  it('passes every rollout setting (admin token, canary) and the live drift settings to the API, live drift to the workers', () => {
    const rollout = repoFile('apps/api/src/rollout-config.ts');
    const settings = [...rollout.matchAll(/^  ([A-Z_]+): z\./gm)].map((m) => m[1]!);
    expect(settings).toEqual(expect.arrayContaining(['ADMIN_TOKEN', 'CANARY_PERCENT', 'CANARY_MODE']));
    for (const name of settings) {
      // No value: Compose passes it on only when set, so the API's own default applies otherwise.
      expect(services.api.environment, name).toHaveProperty(name, null);
    }
    for (const name of ['DRIFT_LIVE', 'DRIFT_WINDOW_ROWS', 'DRIFT_SAMPLE_RATE', 'DRIFT_CHECK_SECONDS', 'DRIFT_MIN_ROWS']) {
      expect(services.api.environment[name], name).toMatch(new RegExp(`^\\$\\{${name}:-[^}]+\\}$`));
      expect(services.worker.environment[name], name).toBe(services.api.environment[name]);
    }
  });

  it('runs the Redis the tests get from testcontainers, never evicting keys', () => {
    expect(services.redis.image).toBe(REDIS_TEST_IMAGE);
    expect(services.redis.command.join(' ')).toContain('--maxmemory-policy noeviction');
  });

  it('keeps TensorFlow and telemetry out of the serving image', () => {
    // The last stage: node, the bundles and the packages they load from disk (no npm install, no tsx, no build tools).
    const runtime = dockerfile.slice(dockerfile.search(/^FROM \$\{NODE_IMAGE\} AS runtime$/m));
    expect(runtime).toContain('ORT_DISABLE_TELEMETRY=1');
    expect(runtime).toMatch(/^COPY --from=runtime-deps \/runtime\/node_modules \.\/node_modules$/m);
    expect(runtime).not.toMatch(/npm (ci|install)|tsx|COPY --from=build \/src\/node_modules/);
    expect(repoFile('infra/docker/bundle.mjs')).toMatch(/const EXTERNAL = \['onnxruntime-node', 'msgpackr', '@valkey\/valkey-glide'\];/);
    expect(composeDefault(services.api.image)).toBe('mlops-labs/node-service:local');
  });

  it('mounts Prometheus and Grafana files where their configurations look for them', () => {
    const promMounts: string[] = services.prometheus.volumes;
    expect(promMounts).toContain('./infra/prometheus:/etc/prometheus:ro');
    const promConfig = loadYaml('infra/docker/prometheus.compose.yml');
    const upstream = loadYaml('infra/prometheus/prometheus.yml');
    expect(promConfig.rule_files).toEqual(upstream.rule_files);
    expect(promConfig.scrape_configs.map((j: any) => j.job_name)).toEqual(upstream.scrape_configs.map((j: any) => j.job_name));
    const ports = Object.fromEntries(promConfig.scrape_configs.map((j: any) => [j.dns_sd_configs[0].names[0], j.dns_sd_configs[0].port]));
    expect(ports).toEqual({ api: Number(services.api.ports[0].split(':').at(-1)), worker: Number(services.worker.environment.METRICS_PORT) });
    // Alerts go to the alertmanager service, on the port it listens on.
    expect(promConfig.alerting.alertmanagers[0].static_configs[0].targets).toEqual([`alertmanager:${services.alertmanager.ports[0].split(':').at(-1)}`]);

    const grafanaMounts: string[] = services.grafana.volumes;
    const provider = loadYaml('infra/grafana/provisioning/dashboards/dashboards.yml').providers[0];
    expect(grafanaMounts).toContain(`./infra/grafana/dashboards:${provider.options.path}:ro`);
    expect(grafanaMounts).toContain('./infra/grafana/provisioning:/etc/grafana/provisioning:ro');
    const datasource = loadYaml('infra/grafana/provisioning/datasources/prometheus.yml').datasources[0];
    expect(datasource.url).toBe('http://prometheus:9090');
    expect(services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(`${provider.options.path}/mlops-overview.json`);
    expect(existsSync(`${REPO_ROOT}infra/grafana/dashboards/mlops-overview.json`)).toBe(true);
  });
});
