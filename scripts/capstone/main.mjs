#!/usr/bin/env node
// `npm run capstone`: the whole stack on local processes, white wines, the drift alert, retraining, a live swap to v2.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ProcessGroup } from './processes.mjs';
import { runLoop } from './loop.mjs';
import { runScenario } from './scenario.mjs';
import { planStack } from './stack.mjs';
import { StageFailure, StageRunner } from './stages.mjs';

const USAGE = `usage: npm run capstone [-- --loop] [--ci] [--keep] [--hold]
  --loop   the hands-off loop instead: the alert goes through Alertmanager to the API's webhook, the retrainer's
           candidate goes through the canary, then a retraining on corrupted labels is rejected by the gate
  --ci     the CI run: fixed short training, more of the failed stage's logs printed
  --keep   keep the temp folder (model repository, Prometheus data, one log per process) after a passing run
  --hold   after the last stage, keep the stack running (API, Prometheus, workers) until Ctrl-C: for a projector`;

let opts;
try {
  ({ values: opts } = parseArgs({ options: { ci: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false }, hold: { type: 'boolean', default: false }, loop: { type: 'boolean', default: false } } }));
} catch (error) {
  console.error(`capstone: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'mlops-capstone-'));
const group = new ProcessGroup(join(dir, 'logs'));
const stages = new StageRunner();
let exitCode = 0;

// Ctrl-C, a closed terminal or CI's timeout: stop every process, keep the logs, exit non-zero.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    const running = stages.results.length + 1;
    console.log(`\ncapstone: ${signal} during stage ${running}: stopping every process (logs kept in ${dir}/logs)`);
    stages.print = () => {}; // the stage that loses its processes now is not a failure to report
    group.stopAll(3000).finally(() => process.exit(130));
  });
}
process.on('exit', () => group.killAllNow());

console.log(`capstone${opts.loop ? ' --loop' : ''}: the mlops-labs stack on local processes (temp folder ${dir})`);
let plan;
try {
  plan = await planStack(repoRoot, dir);
  if (opts.loop) await runLoop(plan, group, stages);
  else await runScenario(plan, group, stages, { ci: opts.ci });
  stages.summary(`capstone${opts.loop ? ' --loop' : ''} PASSED`);
  if (opts.hold) await holdUntilInterrupted(plan);
} catch (error) {
  exitCode = 1;
  const stage = error instanceof StageFailure ? error.stage : 'set-up';
  // After Ctrl-C the signal handler stops the processes and exits; the stage that lost them is not a failure.
  if (interrupted) await new Promise(() => {});
  stages.summary(`capstone${opts.loop ? ' --loop' : ''} FAILED at stage "${stage}"`);
  if (!(error instanceof StageFailure)) console.log(`  ${error.stack ?? error.message}`);
  await printLogTails(opts.ci ? 12 : 6);
  console.log(`  logs: ${dir}/logs`);
  if (opts.hold && plan) await holdUntilInterrupted(plan);
} finally {
  if (!interrupted) await group.stopAll();
}
if (exitCode === 0 && !opts.keep) await rm(dir, { recursive: true, force: true });
else if (exitCode === 0) console.log(`  kept ${dir}`);
process.exit(exitCode);

/** Keeps the stack up for people to look at; Ctrl-C (handled above) stops it. */
async function holdUntilInterrupted(p) {
  console.log(`\nholding the stack (Ctrl-C stops it):\n  API         ${p.apiUrl}\n  Prometheus  ${p.promUrl}  (alerts: ${p.promUrl}/alerts)\n  Redis       ${p.redisUrl}\n  models      ${p.modelRepository}\n  watcher     PROMETHEUS_URL=${p.promUrl} npm start -w @mlops/lab-07-capstone`);
  await new Promise(() => {});
}

async function printLogTails(lines) {
  const names = ['api', 'worker-1', 'worker-2', 'prometheus', 'alertmanager', 'retrainer', 'retrainer-corrupted', 'retrainer-cli', 'models-cli'];
  for (const name of names) {
    const text = await readFile(join(dir, 'logs', `${name}.log`), 'utf8').catch(() => '');
    // Warnings and errors only: the info lines (requests, scrapes) would hide them.
    const notable = text.split('\n').filter((l) => l.trim() && !/"level":(10|20|30)[,}]|level=(info|debug)/.test(l));
    if (notable.length === 0) continue;
    // One line per distinct message (the last one seen), with how often it came: a periodic warning shows once.
    const byMessage = new Map();
    for (const line of notable) {
      const key = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line;
      const seen = byMessage.get(key);
      byMessage.delete(key);
      byMessage.set(key, { line, count: (seen?.count ?? 0) + 1 });
    }
    const shown = [...byMessage.values()].slice(-lines);
    console.log(`\n--- ${name}.log: the last ${shown.length} distinct warnings and errors`);
    console.log(shown.map(({ line, count }) => `  ${count > 1 ? `(${count}x) ` : ''}${line.slice(0, 400)}`).join('\n'));
  }
}
