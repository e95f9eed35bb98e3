// run.ts runs the learner's code: markers put in a learner copy show up in the gate's verdicts and the canary's split and decision.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun } from '@mlops/lab-kit/authoring';

const labDir = fileURLToPath(new URL('..', import.meta.url));

// Markers that keep everything running: a word in the gate's margin message, every request on the canary, a word in the wait.
const marked = (file: string, text: string): string => {
  if (file === 'evaluation-gate.ts') return replaceOnce(text, 'needs at least +', 'LEARNER-GATE needs at least +');
  if (file === 'canary-split.ts') return replaceOnce(text, 'return canaryBucket(requestId, salt) < percent;', 'return canaryBucket(requestId, salt) < 100;');
  if (file === 'canary-decision.ts') return replaceOnce(text, "return { action: 'wait', reasons: [check.message], checks: [check] };", "return { action: 'wait', reasons: ['LEARNER-DECISION ' + check.message], checks: [check] };");
  return text;
};

describe("npm start runs the learner's evaluateGate, routesToCanary and decideCanary", () => {
  const copy = createLearnerCopy(labDir, marked);
  afterAll(() => copy.cleanup());

  it("prints the learner's verdicts", async () => {
    const run = startLabRun(labDir, ['--requests', '1000'], copy.env);
    const code = await run.exited();
    const out = run.output();
    expect(code, out).toBe(0);
    expect(out, "the gate's reasons come from the learner's evaluateGate").toContain('white: macro-F1 0.5320 vs production 0.4682 (+0.0638; LEARNER-GATE needs at least +0.0200)');
    expect(out, "the split comes from the learner's routesToCanary (the marker sends everything to the canary)").toContain('split: 1000 of 1000 requests on the canary');
    expect(out, "the wait comes from the learner's decideCanary").toContain('wait - LEARNER-DECISION production has 0 of the 500 requests needed');
  });
});

describe('an unfinished step', () => {
  it('makes run.ts print its one-line message and exit 1', async () => {
    const starter = readFileSync(join(labDir, 'starter', 'evaluation-gate.ts'), 'utf8');
    const copy = createLearnerCopy(labDir, (file, text) => (file === 'evaluation-gate.ts' ? starter : text));
    try {
      const run = startLabRun(labDir, [], copy.env);
      expect(await run.exited(), run.output()).toBe(1);
      expect(run.output()).toContain('step 1 is not done yet');
      expect(run.output(), 'no stack trace').not.toMatch(/\n\s+at /);
    } finally {
      copy.cleanup();
    }
  });
});
