// An exclusive lock file created with O_EXCL (as git's index.lock): one process at a time runs a read-modify-write.

import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { AliasLockTimeoutError } from './errors';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** How long to wait for another holder before giving up. @defaultValue 10_000 */
  readonly timeoutMs?: number;
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() })}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Runs `fn` while holding the lock file `path`; waits (short, growing pauses) while another process holds it.
 * A lock left by a crashed process is not guessed away: after `timeoutMs` the error names the file to delete.
 * @throws AliasLockTimeoutError
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = Date.now();
  for (let attempt = 0; !(await tryCreate(path)); attempt++) {
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const holder = await readFile(path, 'utf8').catch(() => '');
      throw new AliasLockTimeoutError(path, waited, holder.trim().slice(0, 200) || undefined);
    }
    // 1, 2, 4 ... 50 ms with jitter: the critical section is a read, a small write and a rename.
    await delay(Math.min(50, 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
