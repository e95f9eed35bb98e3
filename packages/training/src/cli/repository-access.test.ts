// Tests of the pre-training repository check: writable folders pass, files, kernel file systems and symlinks into them do not.

import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryWriteProblem } from './repository-access';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repository-access-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('repositoryWriteProblem', () => {
  it('accepts a missing folder under a writable one without creating it', async () => {
    expect(await repositoryWriteProblem(join(dir, 'new', 'models'))).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepts an existing writable folder', async () => {
    expect(await repositoryWriteProblem(dir)).toBeUndefined();
  });

  it('reports ENOTDIR for a path that is, or goes through, a regular file', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    expect(await repositoryWriteProblem(file)).toBe('ENOTDIR');
    expect(await repositoryWriteProblem(join(file, 'models'))).toBe('ENOTDIR');
  });

  it('refuses paths under /proc and /sys, even ones that do not exist', async () => {
    expect(await repositoryWriteProblem('/proc/x')).toBe('under /proc');
    expect(await repositoryWriteProblem('/proc')).toBe('under /proc');
    expect(await repositoryWriteProblem('/sys/x/y')).toBe('under /sys');
    expect(String(await repositoryWriteProblem('/processed/models'))).not.toContain('under'); // a prefix, not a folder
  });

  it('refuses a symlink that leads into /proc', async () => {
    const link = join(dir, 'to-proc');
    await symlink('/proc', link);
    expect(await repositoryWriteProblem(join(link, 'models'))).toBe('under /proc');
  });
});
