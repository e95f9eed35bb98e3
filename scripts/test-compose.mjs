#!/usr/bin/env node
// `npm run test:compose`: builds the compose stack, starts it (two workers, the retrainer, Alertmanager), waits until every
// service is healthy, runs smoke checks against it, stops it and removes it. Exits 0 with "skipped" when no Docker
// engine answers. Where prom/alertmanager cannot be pulled, it builds the same version from Debian's binaries.
// Options: --keep (leave the stack running), --no-build (use the images already built).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureLocalAlertmanagerImage } from '../infra/docker/alertmanager-image.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const IMAGE_LIMIT_MB = 250;
const WORKERS = 2;
const project = `mlops-labs-test-${randomBytes(3).toString('hex')}`;
const run = promisify(execFile);
const started = performance.now();
const results = [];

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (line) => console.log(`[test:compose] ${line}`);

/** Runs `docker ...` and returns stdout; rejects with stderr's last lines. */
async function docker(argv, { timeoutMs = 60_000, env } = {}) {
  try {
    const { stdout } = await run('docker', argv, { cwd: root, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return stdout;
  } catch (error) {
    const detail = (error.stderr || error.message).trim().split('\n').slice(-5).join('\n');
    throw new Error(`docker ${argv.slice(0, 3).join(' ')} failed: ${detail}`);
  }
}

/** Runs `docker ...` with its output shown (build, up, down). */
function dockerLoud(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${argv.join(' ')} exited ${code}`))));
  });
}

/** A TCP port nothing listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function check(name, fn) {
  const t = performance.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail, time: seconds(t) });
    log(`ok   ${name}: ${detail}`);
  } catch (error) {
    results.push({ name, ok: false, detail: error.message, time: seconds(t) });
    log(`FAIL ${name}: ${error.message}`);
  }
}

async function json(url, init) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return { body: JSON.parse(body), headers: response.headers };
}

async function waitFor(what, timeoutMs, fn) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not reached in ${timeoutMs / 1000} s${last ? ` (last: ${last.message})` : ''}`);
}

// 1. Is there a Docker engine and Compose v2? Otherwise skip, clearly, with exit 0.
try {
  await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 });
} catch (error) {
  log(`skipped: no Docker engine answers (${error.message.split('\n').pop()})`);
  process.exit(0);
}
try {
  await docker(['compose', 'version'], { timeoutMs: 15_000 });
} catch {
  log('skipped: the Docker engine answers but `docker compose` (Compose v2) is missing');
  process.exit(0);
}

const ports = { REDIS_PORT: await freePort(), API_PORT: await freePort(), PROMETHEUS_PORT: await freePort(), GRAFANA_PORT: await freePort(), ALERTMANAGER_PORT: await freePort() };
const retrainingToken = randomBytes(24).toString('hex');
const env = {
  ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  // One token for the API and Alertmanager, this run's own (the compose file's default is a workshop value).
  RETRAINING_TOKEN: retrainingToken,
  // A short training (a few epochs) and a gate it can pass: the check is the plumbing, not the model.
  RETRAIN_EPOCHS: '4',
  RETRAIN_PATIENCE: '2',
  GATE_MARGIN: '0',
  GATE_TOLERANCE: '0.5',
  // The commit the images are built from, recorded in the lineage of the model the retrainer registers.
  CODE_VERSION: commitOfCheckout(),
};
const compose = ['compose', '--project-directory', root, '-p', project];

/** The checkout's commit, or '' outside git (the lineage then names the package version). */
function commitOfCheckout() {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const api = `http://127.0.0.1:${ports.API_PORT}`;
const prometheus = `http://127.0.0.1:${ports.PROMETHEUS_PORT}`;
const alertmanager = `http://127.0.0.1:${ports.ALERTMANAGER_PORT}`;
log(`project ${project}; ports ${Object.entries(ports).map(([k, v]) => `${k}=${v}`).join(' ')}`);

let exitCode = 1;
try {
  // 2. Build (api and worker share one image; the trainer and loadgen share the tools image).
  if (!args.has('--no-build')) {
    const t = performance.now();
    await dockerLoud([...compose, '--profile', 'train', 'build', 'api', 'trainer'], env);
    // loadgen runs the trainer's image (the same tools target): nothing more to build.
    log(`built in ${seconds(t)}`);
  }
  // prom/alertmanager comes from Docker Hub; without it, the same version from Debian's package, built locally.
  const alertmanagerImage = process.env.ALERTMANAGER_IMAGE ?? 'prom/alertmanager:v0.25.0';
  if (!(await docker(['image', 'inspect', alertmanagerImage]).then(() => true, () => false))) {
    const { image, built } = await ensureLocalAlertmanagerImage();
    env.ALERTMANAGER_IMAGE = image;
    log(`${alertmanagerImage} is not here: Alertmanager runs from ${image} (Debian's prometheus-alertmanager binaries, ${built ? 'built now' : 'built before'})`);
  }

  await check('one image for api, worker and retrainer', async () => {
    const config = JSON.parse(await docker([...compose, 'config', '--format', 'json'], { env }));
    const [a, w, r] = [config.services.api.image, config.services.worker.image, config.services.retrainer.image];
    if (a !== w || a !== r) throw new Error(`api runs ${a}, worker runs ${w}, retrainer runs ${r}`);
    const size = (await docker(['image', 'ls', a, '--format', '{{.Size}}'])).trim();
    const mb = Number.parseFloat(size) * (size.endsWith('GB') ? 1000 : size.endsWith('kB') ? 0.001 : 1);
    if (!(mb <= IMAGE_LIMIT_MB)) throw new Error(`${a} is ${size}, over ${IMAGE_LIMIT_MB} MB`);
    return `${a}, ${size} (limit ${IMAGE_LIMIT_MB} MB)`;
  });

  // 3. Start and wait until every healthcheck passes (`--wait` fails if one does not).
  const t = performance.now();
  await dockerLoud([...compose, 'up', '-d', '--wait', '--wait-timeout', '180', '--scale', `worker=${WORKERS}`, 'redis', 'api', 'worker', 'retrainer', 'alertmanager', 'prometheus'], env);
  log(`healthy in ${seconds(t)} (redis, api, ${WORKERS} workers, retrainer, alertmanager, prometheus)`);

  await check('every container healthy', async () => {
    const lines = (await docker([...compose, 'ps', '--format', '{{.Service}} {{.Health}}'], { env })).trim().split('\n');
    const bad = lines.filter((l) => !l.endsWith(' healthy'));
    if (bad.length > 0) throw new Error(bad.join(', '));
    return lines.join(', ');
  });

  // 4. Smoke checks.
  const wine = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
  await check('POST /v1/predict', async () => {
    const keys = ['fixedAcidity', 'volatileAcidity', 'citricAcid', 'residualSugar', 'chlorides', 'freeSulfurDioxide', 'totalSulfurDioxide', 'density', 'pH', 'sulphates', 'alcohol'];
    const { body } = await json(`${api}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, wine[i]]))) });
    return JSON.stringify(body).slice(0, 120);
  });
  await check('POST /v2/models/wine-quality/infer', async () => {
    const { body } = await json(`${api}/v2/models/wine-quality/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: wine }] }),
    });
    const label = body.outputs?.find((o) => o.name === 'label')?.data?.[0];
    if (!label) throw new Error(`no label in ${JSON.stringify(body).slice(0, 200)}`);
    return `model ${body.model_name} v${body.model_version}: ${label}`;
  });

  await check('a batch scored by the worker containers', async () => {
    const csv = readFileSync(`${root}packages/dataset/data/winequality-white.csv`, 'utf8');
    const rows = csv.trim().split('\n').length - 1;
    const { body: submitted, headers } = await json(`${api}/v1/batches`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const token = headers.get('batch-token') ?? submitted.token;
    const auth = token ? { 'batch-token': token } : {};
    const status = await waitFor('batch completed', 60_000, async () => {
      const { body } = await json(`${api}${submitted.statusUrl}`, { headers: auth });
      if (body.state === 'failed' || body.state === 'cancelled') throw new Error(`batch ${body.state}: ${body.error}`);
      return body.state === 'completed' ? body : undefined;
    });
    const response = await fetch(`${api}${submitted.resultsUrl}`, { headers: auth });
    const lines = (await response.text()).trim().split('\n').length - 1;
    if (lines !== rows) throw new Error(`${lines} result rows for ${rows} wines`);
    // The API only enqueues chunk jobs: every result was scored in a worker container.
    return `${rows} white wines in ${status.chunks?.total ?? '?'} chunks, ${lines} results`;
  });

  await check('Prometheus scrapes every target', async () => {
    const expected = { api: 1, 'batch-worker': WORKERS };
    const targets = await waitFor('all targets scraped once', 30_000, async () => {
      const { body } = await json(`${prometheus}/api/v1/targets?state=active`);
      const active = body.data.activeTargets;
      const counted = Object.entries(expected).every(([job, n]) => active.filter((a) => a.labels.job === job).length === n);
      return counted && active.every((a) => a.health !== 'unknown') ? active : undefined;
    });
    const down = targets.filter((a) => a.health !== 'up');
    if (down.length > 0) throw new Error(down.map((a) => `${a.labels.job} ${a.scrapeUrl}: ${a.lastError}`).join('; '));
    return `${targets.length} of ${targets.length} targets up: ${targets.map((a) => `${a.labels.job}@${a.labels.instance}`).join(', ')}`;
  });

  await check('the workers counted the batch on /metrics', async () => {
    // batch_rows_scored_total is counted by each worker process: Prometheus sees the batch's rows in the worker containers.
    const perWorker = await waitFor('4898 rows in batch_rows_scored_total', 30_000, async () => {
      const { body } = await json(`${prometheus}/api/v1/query?query=${encodeURIComponent('batch_rows_scored_total')}`);
      const series = body.data.result.map((r) => [r.metric.instance, Number(r.value[1])]);
      return series.reduce((sum, [, v]) => sum + v, 0) >= 4898 ? series : undefined;
    });
    return perWorker.map(([instance, rows]) => `${instance}: ${rows} rows`).join(', ');
  });

  await check('loadgen profile sends traffic without a failure', async () => {
    const out = await docker([...compose, '--profile', 'loadgen', 'run', '--rm', '--no-deps', 'loadgen', '--url=http://api:8080', '--rate=50', '--duration=3', '--every=3'], { env, timeoutMs: 120_000 });
    const summary = out.trim().split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{"summary"')).pop();
    if (!summary) throw new Error(`no summary line in: ${out.slice(-300)}`);
    const { summary: total } = JSON.parse(summary);
    if (total.failed !== 0 || total.ok === 0) throw new Error(summary);
    return `${total.ok} v2 infer requests, ${total.failed} failed`;
  });

  await check('alert rules loaded', async () => {
    const folder = `${root}infra/prometheus/rules`;
    const inFiles = readdirSync(folder)
      .filter((f) => f.endsWith('.rules.yml'))
      .flatMap((f) => [...readFileSync(`${folder}/${f}`, 'utf8').matchAll(/^\s*-\s*alert:\s*(\S+)/gm)].map((m) => m[1]));
    const { body } = await json(`${prometheus}/api/v1/rules`);
    const loaded = body.data.groups.flatMap((g) => g.rules.filter((r) => r.type === 'alerting').map((r) => r.name));
    const absent = inFiles.filter((name) => !loaded.includes(name));
    if (inFiles.length === 0) throw new Error(`no alert rules in ${folder}`);
    if (absent.length > 0) throw new Error(`not loaded: ${absent.join(', ')}`);
    return `${loaded.length} alerts in ${body.data.groups.length} groups: ${loaded.join(', ')}`;
  });

  await check('Alertmanager ready, its config checked, known to Prometheus', async () => {
    const ready = await fetch(`${alertmanager}/-/ready`, { signal: AbortSignal.timeout(5_000) });
    if (!ready.ok) throw new Error(`/-/ready answered ${ready.status}`);
    const checked = await docker([...compose, 'exec', '-T', 'alertmanager', 'amtool', 'check-config', '/etc/alertmanager/alertmanager.compose.yml'], { env });
    if (!/SUCCESS/.test(checked)) throw new Error(`amtool check-config: ${checked.trim()}`);
    const urls = await waitFor('Prometheus lists the alertmanager', 30_000, async () => {
      const { body } = await json(`${prometheus}/api/v1/alertmanagers`);
      const active = body.data.activeAlertmanagers.map((a) => a.url);
      return active.some((u) => u.includes('alertmanager:9093')) ? active : undefined;
    });
    return `/-/ready 200, amtool check-config SUCCESS, Prometheus sends to ${urls.join(', ')}`;
  });

  // An alert posted to Alertmanager as Prometheus would: routed to the API's webhook with the token from its
  // credentials file after group_wait (30 s), so it is posted now and checked after the manual retraining.
  const alertPosted = Date.now();
  await check('a ModelDataDrift alert posted to Alertmanager', async () => {
    const alert = { labels: { alertname: 'ModelDataDrift', model: 'wine-quality', version: '1', severity: 'warning' }, annotations: { summary: 'test:compose' }, startsAt: new Date().toISOString() };
    const posted = await fetch(`${alertmanager}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]), signal: AbortSignal.timeout(10_000) });
    if (!posted.ok) throw new Error(`POST /api/v2/alerts answered ${posted.status}: ${(await posted.text()).slice(0, 200)}`);
    const { body } = await json(`${alertmanager}/api/v2/alerts?filter=${encodeURIComponent('alertname="ModelDataDrift"')}`);
    if (body.length !== 1) throw new Error(`${body.length} ModelDataDrift alerts in Alertmanager`);
    return `fingerprint ${body[0].fingerprint}, receivers ${body[0].receivers.map((r) => r.name).join(', ')}`;
  });

  await check('POST /v1/retraining: the retrainer container trains, gates and registers a candidate the API sees', async () => {
    const unauthorized = await fetch(`${api}/v1/retraining`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"no token"}' });
    if (unauthorized.status !== 401) throw new Error(`without the token: ${unauthorized.status}, expected 401`);
    const { body: queued } = await json(`${api}/v1/retraining`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${retrainingToken}` },
      body: JSON.stringify({ reason: 'test:compose', requestedBy: 'test:compose' }),
    });
    const id = queued.id ?? queued.jobId;
    if (!id) throw new Error(`no job id in ${JSON.stringify(queued).slice(0, 200)}`);
    const epochs = new Set();
    const done = await waitFor('retraining finished', 150_000, async () => {
      const { body } = await json(`${api}/v1/retraining/${id}`, { headers: { authorization: `Bearer ${retrainingToken}` } });
      if (body.progress?.stage === 'training') epochs.add(body.progress.epoch);
      if (body.state === 'failed') throw new Error(`job failed: ${body.failedReason}`);
      return body.state === 'completed' ? body : undefined;
    });
    if (done.result?.status !== 'registered') throw new Error(`result ${JSON.stringify(done.result).slice(0, 300)}`);
    const version = String(done.result.version);
    const aliases = JSON.parse(await docker([...compose, 'exec', '-T', 'api', 'cat', '/models/wine-quality/aliases.json'], { env }));
    const manifest = await docker([...compose, 'exec', '-T', 'api', 'ls', `/models/wine-quality/${version}`], { env });
    if (!manifest.includes('model.onnx') && !manifest.includes('.onnx')) throw new Error(`no model file in the API's /models/wine-quality/${version}: ${manifest}`);
    const candidate = aliases.aliases?.candidate ?? aliases.candidate;
    if (!(Number(candidate) >= Number(version))) throw new Error(`the API's aliases.json has candidate ${candidate}, the job registered ${version}`);
    return `job ${id}: epochs seen ${[...epochs].sort().join(',') || '(none polled)'}; registered v${version}, in the API's repository (candidate -> ${candidate})`;
  });

  await check('Alertmanager delivered the alert to the webhook with the token: a retraining started', async () => {
    const started = await waitFor('an alert-triggered retraining', Math.max(10_000, 90_000 - (Date.now() - alertPosted)), async () => {
      const out = await docker([...compose, 'exec', '-T', 'retrainer', 'node', 'dist/retrainer.mjs', 'list'], { env });
      return out.split('\n').find((line) => /alert/i.test(line) && !/manual/i.test(line));
    });
    const metrics = await (await fetch(`${alertmanager}/metrics`)).text();
    const sum = (name) => [...metrics.matchAll(new RegExp(`^${name}\\{[^}]*integration="webhook"[^}]*\\} (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    const [sent, failed] = [sum('alertmanager_notifications_total'), sum('alertmanager_notifications_failed_total')];
    if (failed > 0 || sent === 0) throw new Error(`webhook notifications ${sent}, failed ${failed}`);
    return `${sent} webhook notification(s), ${failed} failed; ${started.trim().replace(/\s+/g, ' ')}`;
  });

  await check('trainer (one-shot) writes a new model version', async () => {
    const out = await docker([...compose, '--profile', 'train', 'run', '--rm', 'trainer', '--epochs', '3', '--patience', '1'], { env, timeoutMs: 180_000 });
    const wrote = out.match(/wrote (\S+)/)?.[1];
    if (!wrote) throw new Error(`no "wrote" line in: ${out.slice(-300)}`);
    return wrote;
  });

  await check('a worker stopped mid-batch: it drains, the other finishes the batch', async () => {
    const white = readFileSync(`${root}packages/dataset/data/winequality-white.csv`, 'utf8').trim().split('\n');
    const body = [white[0], ...Array.from({ length: 20 }, () => white.slice(1)).flat()].join('\n');
    const rows = (white.length - 1) * 20;
    const { body: submitted, headers } = await json(`${api}/v1/batches`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    const auth = { 'batch-token': headers.get('batch-token') ?? submitted.token };
    await waitFor('batch running', 30_000, async () => {
      const { body: status } = await json(`${api}${submitted.statusUrl}`, { headers: auth });
      return status.state === 'running' || status.state === 'completed' ? status : undefined;
    });
    const [victim] = (await docker([...compose, 'ps', '-q', 'worker'], { env })).trim().split('\n');
    const t = performance.now();
    await docker(['stop', '--time', '20', victim], { timeoutMs: 60_000 });
    const stopSeconds = seconds(t);
    const exit = (await docker(['inspect', '--format', '{{.State.ExitCode}}', victim])).trim();
    if (exit !== '0') throw new Error(`the stopped worker exited ${exit} (137 = killed after the grace period)`);
    const status = await waitFor('batch completed', 90_000, async () => {
      const { body: s } = await json(`${api}${submitted.statusUrl}`, { headers: auth });
      if (s.state === 'failed' || s.state === 'cancelled') throw new Error(`batch ${s.state}: ${s.error}`);
      return s.state === 'completed' ? s : undefined;
    });
    const response = await fetch(`${api}${submitted.resultsUrl}`, { headers: auth });
    const lines = (await response.text()).trim().split('\n').length - 1;
    if (lines !== rows) throw new Error(`${lines} results for ${rows} rows`);
    await docker(['start', victim]);
    await waitFor('the restarted worker healthy', 60_000, async () =>
      (await docker(['inspect', '--format', '{{.State.Health.Status}}', victim])).trim() === 'healthy' ? true : undefined,
    );
    return `stopped one of ${WORKERS} workers in ${stopSeconds} (exit 0); ${rows} rows in ${status.chunks?.total ?? '?'} chunks completed, ${lines} results`;
  });

  await check('SIGTERM drains: api, workers, retrainer and alertmanager exit 0 within stop_grace_period', async () => {
    const t = performance.now();
    const services = ['api', 'worker', 'retrainer', 'alertmanager'];
    await docker([...compose, 'stop', ...services], { env, timeoutMs: 60_000 });
    const ids = (await docker([...compose, 'ps', '-a', '-q', ...services], { env })).trim().split('\n');
    const codes = (await docker(['inspect', '--format', '{{.Name}} {{.State.ExitCode}}', ...ids])).trim().split('\n');
    const bad = codes.filter((c) => !c.endsWith(' 0'));
    if (bad.length > 0) {
      // What the process said last, to tell a kill from a failed shutdown.
      const tails = await Promise.all(bad.map(async (c) => `${c.split(' ')[0]}:\n${(await run('docker', ['logs', '--tail', '8', c.split(' ')[0].slice(1)]).then((r) => r.stdout + r.stderr, (e) => e.message)).trim()}`));
      throw new Error(`exit codes: ${codes.join(', ')} (137 = killed after the grace period)\n${tails.join('\n')}`);
    }
    return `${codes.length} containers stopped in ${seconds(t)}, all exit 0`;
  });

  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  log(`FAIL ${error.message}`);
  try {
    console.log(await docker([...compose, 'logs', '--tail', '40'], { env }));
  } catch {
    // Logs are a courtesy; the failure above is the report.
  }
} finally {
  if (args.has('--keep')) {
    log(`left running: docker compose -p ${project} down -v`);
  } else {
    await dockerLoud([...compose, '--profile', 'train', '--profile', 'loadgen', 'down', '-v', '--remove-orphans', '--timeout', '30'], env).catch((e) => log(`teardown: ${e.message}`));
  }
}

const passed = results.filter((r) => r.ok).length;
log(`${exitCode === 0 ? 'PASSED' : 'FAILED'}: ${passed}/${results.length} checks in ${seconds(started)}`);
process.exit(exitCode);
