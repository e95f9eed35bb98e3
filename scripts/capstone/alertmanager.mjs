// Alertmanager for the hands-off loop: a copy of infra/alertmanager's config pointed at the capstone's API, fast groups.

import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { http, waitFor } from './wait-for.mjs';
import { exitedMessage } from './stack.mjs';

const run = promisify(execFile);

/**
 * Writes the shipped config with the webhook URL of `plan`'s API, the retraining token in a file of the temp folder and
 * group_wait 1 s / group_interval 5 s instead of 30 s / 5 m; checks it with amtool; starts prometheus-alertmanager
 * (clustering off). Resolves the replacements made, for the output.
 */
export async function startAlertmanager(group, plan) {
  const dir = join(plan.dir, 'alertmanager');
  await mkdir(dir, { recursive: true });
  const shipped = await readFile(join(plan.repoRoot, 'infra/alertmanager/alertmanager.yml'), 'utf8');
  const replacements = [
    ['url: http://127.0.0.1:8080/v1/alerts/alertmanager', `url: ${plan.apiUrl}/v1/alerts/alertmanager`],
    ['credentials_file: /etc/alertmanager/retraining-token', `credentials_file: ${join(dir, 'retraining-token')}`],
    ['group_wait: 30s', 'group_wait: 1s'],
    ['group_interval: 5m', 'group_interval: 5s'],
  ];
  let config = shipped;
  for (const [from, to] of replacements) {
    if (!config.includes(from)) throw new Error(`infra/alertmanager/alertmanager.yml has no "${from}" to replace`);
    config = config.replaceAll(from, to);
  }
  await writeFile(join(dir, 'retraining-token'), `${plan.retrainingToken}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'alertmanager.yml'), config);
  await run('amtool', ['check-config', join(dir, 'alertmanager.yml')]).catch((error) => {
    throw new Error(`amtool check-config failed on the copy: ${(error.stdout || '') + (error.stderr || error.message)}`);
  });
  const child = group.start('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${plan.alertmanagerPort}`,
    '--cluster.listen-address=',
  ]);
  const url = `http://127.0.0.1:${plan.alertmanagerPort}`;
  await waitFor('Alertmanager ready', async () => (await http(`${url}/-/ready`)).status === 200, { timeoutMs: 20_000, abort: () => exitedMessage(child) });
  return { url, changed: 'webhook -> the capstone API, token from a file, group_wait 1s, group_interval 5s' };
}
