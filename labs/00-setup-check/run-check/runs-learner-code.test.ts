// run.ts runs the learner's formatWine: a learner copy with a marker in formatWine is what prints every line.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce } from '@mlops/lab-kit/authoring';

const MARKER = 'LEARNER-MARKER-7f3a';
const labDir = fileURLToPath(new URL('..', import.meta.url));

const copy = createLearnerCopy(labDir, (file, text) =>
  file === 'format-wine.ts' ? replaceOnce(text, "return parts.join(', ');", `return \`\${parts.join(', ')} ${MARKER}\`;`) : text,
);
afterAll(() => copy.cleanup());

describe('npm start -w @mlops/lab-00-setup-check', () => {
  it("prints the learner's formatWine of each of the three wines", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'run.ts'], {
      cwd: labDir,
      env: { ...process.env, ...copy.env },
    });
    expect(stdout.trim().split('\n')).toEqual([
      `alcohol 9.4% vol, pH 3.51, volatile acidity 0.70 g/dm³, quality 5 (low) ${MARKER}`,
      `alcohol 9.8% vol, pH 3.20, volatile acidity 0.88 g/dm³, quality 5 (low) ${MARKER}`,
      `alcohol 9.8% vol, pH 3.16, volatile acidity 0.28 g/dm³, quality 6 (medium) ${MARKER}`,
    ]);
  });
});
