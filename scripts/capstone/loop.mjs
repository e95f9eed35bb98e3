// The hands-off loop: white wines -> ModelDataDrift -> Alertmanager -> the API's webhook -> a retrain job -> the gate
// -> candidate -> canary -> promoted -> drift back and the alert resolved; then corrupted labels, rejected by the gate.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RED_WINE_CSV, WHITE_WINE_CSV, mulberry32 } from '@mlops/dataset';
import { startAlertmanager } from './alertmanager.mjs';
import { expectDriftBack, FIRING, fixedSetFigures, labelsOf, MODEL } from './observations.mjs';
import { promQuery } from './prometheus-files.mjs';
import { exitedMessage, SCENARIO_SETTINGS, serviceEnv, startApi, startPrometheus, startRedis, startWorker } from './stack.mjs';
import { http, waitFor } from './wait-for.mjs';
import { WineTraffic } from './wine-traffic.mjs';
import { loadWineRows } from './wine-rows.mjs';

/** The canary's settings for a run of minutes: half the traffic, a decision after 150 requests per version. */
export const LOOP_CANARY = { CANARY_PERCENT: '50', CANARY_MIN_REQUESTS: '150', ROLLOUT_CHECK_SECONDS: '1', CANARY_MAX_LATENCY_RATIO: '3' };
const RETRAINER = { RETRAIN_EPOCHS: '40', RETRAIN_PATIENCE: '10', GATE_TOLERANCE: '0.05' };

/** The newest alias-history line that set `alias` (who and why), e.g. the retrainer's or the canary's reason. */
async function lastChange(plan, alias) {
  const lines = (await readFile(join(plan.modelRepository, MODEL, 'alias-history.jsonl'), 'utf8')).trim().split('\n');
  const change = lines.map((l) => JSON.parse(l)).reverse().find((c) => c.alias === alias && c.to !== null);
  return change ? `${change.actor}: ${change.reason}` : 'no change recorded';
}

const aliasesOf = async (plan) => JSON.parse(await readFile(join(plan.modelRepository, MODEL, 'aliases.json'), 'utf8')).aliases ?? {};

/** The white wines with their quality column shuffled (seeded): labelled rows that teach the model nothing true. */
async function writeCorruptedWhite(dir) {
  const [header, ...lines] = (await readFile(WHITE_WINE_CSV, 'utf8')).trim().split('\n');
  const random = mulberry32(99);
  const qualities = lines.map((l) => l.slice(l.lastIndexOf(',') + 1));
  for (let i = qualities.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [qualities[i], qualities[j]] = [qualities[j], qualities[i]];
  }
  const path = join(dir, 'white-corrupted-labels.csv');
  await writeFile(path, `${header}\n${lines.map((l, i) => `${l.slice(0, l.lastIndexOf(',') + 1)}${qualities[i]}`).join('\n')}\n`);
  return path;
}

function startRetrainer(group, plan, name, env = {}) {
  return group.start(name, process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(plan.repoRoot, 'apps/retrainer'),
    env: { ...serviceEnv(plan), ...RETRAINER, ...env },
  });
}

/** Runs the loop's stages; see the file header. */
export async function runLoop(plan, group, stages) {
  const wines = await loadWineRows();
  const traffic = new WineTraffic({ inferUrl: `${plan.apiUrl}/v2/models/${MODEL}/infer`, rowsPerRequest: 8, loops: 2, pauseMs: 25 });
  let api;
  let alertmanager;

  await stages.run('start Redis', () => startRedis(group, plan));
  await stages.run('start the API (v1, canary on), two batch workers and a retrainer', async () => {
    api = await startApi(group, plan, LOOP_CANARY);
    await Promise.all([startWorker(group, plan, 0, '1'), startWorker(group, plan, 1, '1')]);
    startRetrainer(group, plan, 'retrainer');
    return `API ${plan.apiUrl} with ${Object.entries(LOOP_CANARY).map(([k, v]) => `${k}=${v}`).join(' ')}; retrainer with ${Object.entries(RETRAINER).map(([k, v]) => `${k}=${v}`).join(' ')}`;
  });
  await stages.run('start Alertmanager and Prometheus (copies with short timings)', async () => {
    alertmanager = await startAlertmanager(group, plan);
    await startPrometheus(group, plan, { alertmanager: `127.0.0.1:${plan.alertmanagerPort}` });
    return `Alertmanager ${alertmanager.url} (${alertmanager.changed}); Prometheus ${plan.promUrl}, ModelDataDrift for: ${SCENARIO_SETTINGS.ruleFor}`;
  });

  traffic.use('red', wines.red);
  traffic.start();
  try {
    await stages.run('white wines: ModelDataDrift fires', async () => {
      await new Promise((r) => setTimeout(r, 2000));
      traffic.use('white', wines.whiteAll);
      const firing = await waitFor(`${FIRING}`, async () => {
        const r = await promQuery(plan.promUrl, FIRING);
        return r.some((s) => s.metric.version === '1') ? r : undefined;
      }, { timeoutMs: 90_000, abort: () => exitedMessage(api) });
      return `firing: ${labelsOf(firing)}`;
    });

    const v2 = await stages.run('Alertmanager -> webhook -> retrain job -> gate -> candidate', async () => {
      const received = await waitFor('the alert in Alertmanager', async () => {
        const { body } = await http(`${alertmanager.url}/api/v2/alerts`);
        return Array.isArray(body) && body.some((a) => a.labels.alertname === 'ModelDataDrift') ? body : undefined;
      }, { timeoutMs: 30_000 });
      const candidate = await waitFor('a candidate registered by the retrainer (aliases.json)', async () => (await aliasesOf(plan)).candidate, { timeoutMs: 180_000 });
      const figures = await fixedSetFigures(plan.modelRepository, ['1', candidate]);
      const why = await lastChange(plan, 'candidate');
      if (!/job alert-/.test(why)) throw new Error(`the candidate was not set by a job the alert started: ${why}`);
      return { version: candidate, detail: `Alertmanager holds ${received.length} alert(s); candidate -> v${candidate} (${why}); fixed-set macro-F1: ${figures}` };
    });
    const version = typeof v2 === 'string' ? v2 : v2.version;

    await stages.run(`canary: v${version} beside v1 on the red + white mix, promoted`, async () => {
      traffic.use('mix, canary', wines.mix);
      await waitFor(`production -> v${version} by the canary`, async () => (await aliasesOf(plan)).production === version, { timeoutMs: 120_000, abort: () => exitedMessage(api) });
      traffic.use('mix, after promotion', wines.mix);
      await waitFor(`v${version} answering all the traffic`, () => (traffic.phases.get('mix, after promotion').versions.get(version) ?? 0) > 20 && !traffic.phases.get('mix, after promotion').versions.has('1'), { timeoutMs: 30_000 });
      return `${await lastChange(plan, 'production')}; canary phase: ${traffic.describe('mix, canary')}`;
    });

    await stages.run(`roll the batch workers to v${version}`, async () => {
      for (const index of [0, 1]) {
        await group.stop(`worker-${index + 1}`, 30_000);
        await startWorker(group, plan, index, version);
      }
      return 'both workers drained and came back';
    });

    await stages.run('failing path: corrupted labels are rejected by the gate, production keeps serving', async () => {
      await group.stop('retrainer');
      const corrupted = await writeCorruptedWhite(plan.dir);
      startRetrainer(group, plan, 'retrainer-corrupted', { RETRAIN_NEW_DATA: corrupted });
      const before = await aliasesOf(plan);
      const trigger = await http(`${plan.apiUrl}/v1/retraining`, {
        method: 'POST',
        body: { reason: 'capstone: labels from a broken labelling job' },
        headers: { authorization: `Bearer ${plan.retrainingToken}`, 'idempotency-key': `capstone-corrupted-${process.pid}` },
      });
      if (trigger.status !== 202 && trigger.status !== 200) throw new Error(`POST /v1/retraining answered ${trigger.status}: ${JSON.stringify(trigger.body).slice(0, 300)}`);
      const id = trigger.body.jobId ?? trigger.body.id;
      const done = await waitFor(`retrain job ${id} finished`, async () => {
        const { body } = await http(`${plan.apiUrl}/v1/retraining/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${plan.retrainingToken}` } });
        return body?.state === 'completed' || body?.state === 'failed' ? body : undefined;
      }, { timeoutMs: 180_000 });
      if (done.result?.status !== 'rejected') throw new Error(`expected the gate to reject it, got ${done.state} ${JSON.stringify(done.result ?? done.failedReason).slice(0, 300)}`);
      const after = await aliasesOf(plan);
      if (after.production !== before.production) throw new Error(`production changed from v${before.production} to v${after.production}`);
      if (after.candidate !== before.candidate) throw new Error(`the candidate changed from v${before.candidate} to v${after.candidate}`);
      const reasons = (done.result.gate?.reasons ?? []).slice(0, 2).join('; ');
      return `rejected: ${reasons}; production stays v${after.production}`;
    });

    await stages.run(`drift back under threshold for v${version}, ModelDataDrift resolves`, () => expectDriftBack(plan, version, () => exitedMessage(api)));
  } finally {
    await traffic.stop();
    const { ok, failed } = traffic.totals();
    console.log(`\n     traffic: ${ok + failed} requests, ${failed} failed; ${[...traffic.phases.keys()].map((p) => `${p}: ${traffic.describe(p)}`).join('; ')}`);
  }

  await stages.run('no failed request while the traffic ran', async () => {
    const phases = [...traffic.phases.keys()].map((p) => `${p}: ${traffic.describe(p)}`).join('\n       ');
    const { ok, failed } = traffic.totals();
    if (failed > 0) throw new Error(`${failed} failed requests: ${traffic.describeErrors()}\n       ${phases}`);
    return `${ok} requests, 0 failed\n       ${phases}`;
  });
}
