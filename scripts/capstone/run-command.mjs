// Runs one of the project's command lines (node + tsx) to completion, output captured, with a deadline.

import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';

/**
 * Runs `node --import tsx <script> ...args` in `cwd`; resolves { code, output } (stdout + stderr), also appended to
 * `logPath`. SIGKILLs it after `timeoutMs`.
 */
export function runNodeCommand({ cwd, script, args, env, logPath, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', async (code, signal) => {
      clearTimeout(timer);
      await appendFile(logPath, `$ ${script} ${args.join(' ')}\n${output}\n(exit ${signal ?? code})\n`).catch(() => {});
      resolve({ code: signal ? `killed after ${timeoutMs / 1000} s` : code, output });
    });
  });
}
