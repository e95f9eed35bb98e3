// The compose and Kubernetes Prometheus configurations pass promtool (the real one), rules included.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadK8sObjects, loadYaml, REPO_ROOT, repoFile } from '../src/deployment-files';

const dir = mkdtempSync(join(tmpdir(), 'prometheus-configs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** promtool check config; returns its output, throws with it when the check fails. */
function promtoolCheck(file: string): string {
  try {
    return execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool check config ${file} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

describe('Prometheus configurations', () => {
  it("compose's config is valid and loads every rule file of infra/prometheus/rules", () => {
    // Laid out as in the container: /etc/prometheus/{prometheus.yml,rules/}.
    cpSync(`${REPO_ROOT}infra/prometheus/rules`, join(dir, 'compose', 'rules'), { recursive: true });
    writeFileSync(join(dir, 'compose', 'prometheus.yml'), repoFile('infra/docker/prometheus.compose.yml'));
    const output = promtoolCheck(join(dir, 'compose', 'prometheus.yml'));
    expect(output).toMatch(/SUCCESS: \d+ rule files found/);
    expect(output).not.toMatch(/SUCCESS: 0 rule files found/);
  });

  it("the Kubernetes ConfigMap's config is valid, with the same jobs as infra/prometheus/prometheus.yml", () => {
    const configMap = loadK8sObjects().find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-config')!;
    const config = parse(configMap.data!['prometheus.yml']!);
    const jobs = (c: any) => c.scrape_configs.map((j: any) => j.job_name);
    expect(jobs(config)).toEqual(jobs(loadYaml('infra/prometheus/prometheus.yml')));
    for (const job of config.scrape_configs) {
      expect(job.kubernetes_sd_configs[0]).toMatchObject({ role: 'pod', namespaces: { names: ['mlops'] } });
      // Debian's promtool is built without Kubernetes discovery: it checks the rest with a static target instead.
      delete job.kubernetes_sd_configs;
      job.static_configs = [{ targets: ['127.0.0.1:1'] }];
    }
    writeFileSync(join(dir, 'k8s.yml'), JSON.stringify(config));
    promtoolCheck(join(dir, 'k8s.yml'));
    const deployment = loadK8sObjects().find((o) => o.kind === 'Deployment' && o.metadata.name === 'prometheus')!;
    const mounts = deployment.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath);
    expect(mounts).toContain('/etc/prometheus/rules');
  });
});
