#!/usr/bin/env node
// `npm start`: runs the API and, when Redis answers, the batch worker, with prefixed logs; Ctrl-C stops both.

import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

/** Resolves true when something accepts TCP connections at the Redis address within 1 s. */
function redisAnswers() {
  return new Promise((resolve) => {
    const socket = createConnection({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const services = [{ name: 'api', workspace: '@mlops/api' }];
if (await redisAnswers()) {
  services.push({ name: 'worker', workspace: '@mlops/worker' });
} else {
  console.warn(
    `[stack] Redis is not answering at ${redisUrl.host}: starting the API without the batch worker.\n` +
      '[stack] Batch routes will answer 503. Start Redis (docker compose up -d redis, or redis-server) and rerun npm start.',
  );
}

const children = services.map(({ name, workspace }) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL(`../apps/${name}/`, import.meta.url),
    // Children write to a pipe, so tell them whether a person is reading (pretty logs) or a collector (JSON).
    env: { LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json', ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C in the terminal reaches only this script, which sends each child one SIGTERM.
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    console.log(`[stack] ${workspace} exited (${signal ?? code})`);
    if (stopping) return;
    // The API is the stack: without it, stop. A failed worker only costs batch scoring; say so and carry on.
    if (name === 'api') stop(code ?? 1);
    else console.warn(`[stack] the ${name} stopped: batch jobs wait in Redis until a worker runs (npm start -w ${workspace})`);
  });
  return child;
});

let stopping = false;
function stop(exitCode = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(exitCode),
  );
}
// SIGHUP: the terminal closed. The children are in their own process group, so stop them ourselves.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
// Last resort if this script dies some other way: never leave a child holding the port.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});
