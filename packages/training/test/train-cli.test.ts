// Tests of `npm run train` refusing bad targets before training: an existing version, an unwritable repository, /proc.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli/train.ts', import.meta.url));

async function train(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, INIT_CWD: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each case starts a Node process (tfjs is loaded only after these checks): allow for a busy machine.
describe('train CLI', { timeout: 30_000 }, () => {
  it('refuses to overwrite an existing version without --force, before training', async () => {
    await mkdir(join(dir, 'wine-quality', '1'), { recursive: true });
    const result = await train(['--repository', dir, '--model-version', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`train: wine-quality/1 already exists in ${dir}; pass --force to overwrite it, or omit --model-version`);
    expect(await readdir(join(dir, 'wine-quality', '1'))).toEqual([]);
  });

  it('names an unwritable repository in one line, without a stack trace', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const result = await train(['--repository', join(file, 'models')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`train: cannot write to the model repository ${join(file, 'models')} (ENOTDIR)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a repository under /proc at once instead of looping in mkdir', async () => {
    const result = await train(['--repository', '/proc/x']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('train: cannot write to the model repository /proc/x (under /proc); pass --repository <dir> or set MODEL_REPOSITORY');
  });

  it('rejects an invalid model name', async () => {
    const result = await train(['--repository', dir, '--name', '../escape']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^train: invalid model name "\.\.\/escape"/);
  });
});
