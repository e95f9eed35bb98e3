// Helpers of the labs' run checks: mark a learner copy, start the lab's run.ts on it, wait for what it prints.

import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Replaces `from` once in `text`, for marking a learner copy. A reference that no longer contains `from`
 * throws: the check must fail loudly, not run without its marker.
 */
export function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the learner copy has no "${from}" to mark: update this test with the reference`);
  return text.replace(from, to);
}

/** A running `run.ts`: its output so far, and ways to wait for it. */
export interface LabRun {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the match once the output matches `pattern`; rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  /** SIGTERM, then waits for the exit (nothing when it has ended already). */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx run.ts ...args` in the lab folder with `env` on top of this process's
 * environment (pass a learner copy's `env` there), collecting its output.
 * @example const run = startLabRun(labDir, [], { ...copy.env, PORT: '0' }); const [, url] = await run.waitFor(/listening on (\S+)/);
 */
export function startLabRun(labDir: string, args: readonly string[], env: Readonly<Record<string, string>>): LabRun {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'run.ts', ...args], {
    cwd: labDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer): void => void (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = pattern.exec(output);
        if (found) done(() => resolve(found));
      };
      const onExit = (code: number | null): void => done(() => reject(new Error(`run.ts exited (code ${code}) before printing ${pattern}:\n${output}`)));
      const done = (settle: () => void): void => {
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', onExit);
        settle();
      };
      // Listeners added after `collect`, so `output` already holds each chunk when `check` runs.
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', onExit);
      if (child.exitCode !== null) onExit(child.exitCode);
      else check();
    });

  return {
    child,
    output: () => output,
    waitFor,
    exited: () => exit,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exit;
    },
  };
}
