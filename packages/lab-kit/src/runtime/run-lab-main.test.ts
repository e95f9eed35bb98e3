// runLabMain through the real labs' run.ts on their untouched starters: one helpful line, exit code 1, no stack trace.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './lab-metadata';

function runStarter(lab: string): { code: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot(), 'labs', lab, 'run.ts')], {
    cwd: join(repoRoot(), 'labs', lab),
    env: { ...process.env, LAB_TARGET: 'starter', NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return { code: run.status, lines };
}

describe('runLabMain in a lab run.ts', () => {
  it.each([
    ['00-setup-check', 'step 2 is not done yet: open labs/00-setup-check/src/format-wine.ts'],
    ['01-api-foundations', 'step 4 is not done yet: open labs/01-api-foundations/src/create-app.ts'],
  ])('prints one line saying which step to do when %s is untouched', (lab, expected) => {
    const { code, lines } = runStarter(lab);
    expect(lines, lines.join('\n')).toEqual([expect.stringContaining(expected)]);
    expect(code).toBe(1);
  });
});
