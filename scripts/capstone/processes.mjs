// Child processes of the capstone: each in its own process group with its log in a file, all stopped on exit or Ctrl-C.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (the OS picks it; a race with another program is possible but rare). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts and stops the stack's processes. Each child runs in its own process group (so a Ctrl-C in the terminal
 * reaches only the capstone, which then stops every child) and writes stdout and stderr to `<logDir>/<name>.log`.
 */
export class ProcessGroup {
  /** @param {string} logDir */
  constructor(logDir) {
    this.logDir = logDir;
    /** @type {Map<string, import('node:child_process').ChildProcess>} */
    this.children = new Map();
  }

  /**
   * Spawns `command args` as `name`. A child that exits while it is still wanted is reported by `onUnexpectedExit`.
   * @param {string} name @param {string} command @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
   */
  start(name, command, args, options = {}) {
    const logPath = join(this.logDir, `${name}.log`);
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.logPath = logPath;
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.once('error', (error) => log.write(`spawn failed: ${error.message}\n`));
    this.children.set(name, child);
    return child;
  }

  /** Sends SIGTERM to `name`'s process group and waits for it to exit (SIGKILL after `graceMs`). */
  async stop(name, graceMs = 8000) {
    const child = this.children.get(name);
    if (!child) return undefined;
    this.children.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return child.exited;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    const result = await child.exited;
    clearTimeout(timer);
    return result;
  }

  /** Stops every child, the most recently started first (workers and API before Redis). */
  async stopAll(graceMs = 8000) {
    for (const name of [...this.children.keys()].reverse()) await this.stop(name, graceMs);
  }

  /** Last resort on process exit: SIGKILL whatever still runs (synchronous, no waiting). */
  killAllNow() {
    for (const child of this.children.values()) signalGroup(child, 'SIGKILL');
    this.children.clear();
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
