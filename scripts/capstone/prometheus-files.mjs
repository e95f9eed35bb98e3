// Writes the capstone's Prometheus files into its temp folder: the project's config and rules, with short intervals.

import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Copies infra/prometheus into `dir` for a run of minutes instead of hours: scrape and evaluation every
 * `intervalSeconds`, every rule's `for:` replaced by `forDuration`, the targets pointed at the given addresses.
 * The copies are checked with `promtool check config` (which checks the rules too).
 * @param {{ repoRoot: string, dir: string, apiTarget: string, workerTargets: string[], intervalSeconds: number, forDuration: string, alertmanager?: string }} o
 * @returns {Promise<{ configPath: string, changed: string[] }>} `changed`: one "file: rule for: old -> new" per rule shortened.
 */
export async function writePrometheusFiles(o) {
  const source = join(o.repoRoot, 'infra/prometheus');
  await mkdir(join(o.dir, 'rules'), { recursive: true });
  await mkdir(join(o.dir, 'targets'), { recursive: true });
  const changed = [];
  for (const file of (await readdir(join(source, 'rules'))).filter((f) => f.endsWith('.rules.yml'))) {
    const text = await readFile(join(source, 'rules', file), 'utf8');
    let rule = '?';
    const copy = text
      .split('\n')
      .map((line) => {
        const name = /^\s*-\s*alert:\s*(\S+)/.exec(line);
        if (name) rule = name[1];
        const match = /^(\s*for:\s*)(\S+)\s*$/.exec(line);
        if (!match) return line;
        changed.push(`${file}: ${rule} for: ${match[2]} -> ${o.forDuration}`);
        return `${match[1]}${o.forDuration}`;
      })
      .join('\n');
    await writeFile(join(o.dir, 'rules', file), copy);
  }
  const interval = `${o.intervalSeconds}s`;
  let config = (await readFile(join(source, 'prometheus.yml'), 'utf8'))
    .replace(/^(\s*scrape_interval:\s*)\S+/m, `$1${interval}`)
    .replace(/^(\s*evaluation_interval:\s*)\S+/m, `$1${interval}`);
  if (!config.includes(`scrape_interval: ${interval}`) || !config.includes(`evaluation_interval: ${interval}`)) {
    throw new Error('infra/prometheus/prometheus.yml has no global scrape_interval/evaluation_interval to shorten');
  }
  // The shipped config finds Alertmanager in targets/alertmanager.json; an older one without alerting gets a block.
  const alertmanagers = o.alertmanager ? [{ targets: [o.alertmanager] }] : [];
  await writeFile(join(o.dir, 'targets/alertmanager.json'), JSON.stringify(alertmanagers));
  if (o.alertmanager && !/^alerting:/m.test(config)) config += `\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${o.alertmanager}']\n`;
  const configPath = join(o.dir, 'prometheus.yml');
  await writeFile(configPath, config);
  await writeFile(join(o.dir, 'targets/api.json'), JSON.stringify([{ targets: [o.apiTarget], labels: { service: 'api' } }]));
  await writeFile(join(o.dir, 'targets/batch-worker.json'), JSON.stringify([{ targets: o.workerTargets, labels: { service: 'batch-worker' } }]));
  await run('promtool', ['check', 'config', configPath]).catch((error) => {
    throw new Error(`promtool check config failed on the shortened copies: ${(error.stdout || '') + (error.stderr || error.message)}`);
  });
  return { configPath, changed };
}

/** One instant query; resolves the result vector. */
export async function promQuery(baseUrl, expr) {
  const response = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5000) });
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`Prometheus query ${expr}: ${body.error ?? response.status}`);
  return body.data.result;
}
