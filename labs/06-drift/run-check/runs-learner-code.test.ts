// run.ts runs the learner's code: markers put in a learner copy show up in the drift table and on /metrics.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun } from '@mlops/lab-kit/authoring';

const labDir = fileURLToPath(new URL('..', import.meta.url));

// Markers that keep everything running: one extra value per sorted sample, a fixed D, p-value, PSI and share.
const marked = (file: string, text: string): string => {
  if (file === 'sorted-sample.ts') return replaceOnce(text, 'return sortFloat64(Float64Array.from(values));', 'return sortFloat64(Float64Array.from([...Array.from(values), -4242]));');
  if (file === 'ks-test.ts') {
    const out = replaceOnce(text, '  return d;', '  return d * 0 + 0.4242;');
    return replaceOnce(out, 'return kolmogorovSurvival(d * Math.sqrt((n * m) / (n + m)));', 'return 4.242e-7;');
  }
  if (file === 'binned.ts') return replaceOnce(text, '  return total;', '  return total * 0 + 42.4242;');
  if (file === 'drift-gauges.ts') return replaceOnce(text, 'gauges.share.set({ model, version }, report.driftedShare);', 'gauges.share.set({ model, version }, 0.4242);');
  return text;
};

describe("npm start runs the learner's sortedSample, KS statistic, PSI and recordDriftReport", () => {
  const copy = createLearnerCopy(labDir, marked);
  afterAll(() => copy.cleanup());

  it('prints the table with the learner\'s numbers and serves /metrics written by the learner\'s recordDriftReport', async () => {
    const run = startLabRun(labDir, ['--live'], { ...copy.env, PORT: '0', DRIFT_CHECK_SECONDS: '0.2' });
    try {
      const [, url] = await run.waitFor(/metrics on (http:\S+)/);
      const out = run.output();
      expect(out, "the sizes come from the learner's sortedSample (one marker value added)").toContain('(red/white): 1600/4899');
      expect(out, "D comes from the learner's ksStatistic").toMatch(/chlorides\s+0\.4242 /);
      expect(out, "the p-value comes from the learner's ksPValue").toMatch(/chlorides\s+0\.4242\s+4\.24e-7 /);
      expect(out, "PSI comes from the learner's psi").toMatch(/chlorides\s+0\.4242\s+\S+\s+42\.4242/);
      await run.waitFor(/check: \d+ white wines in the window/);
      const metrics = await (await fetch(url!)).text();
      expect(metrics, "model_drift_share comes from the learner's recordDriftReport").toContain('model_drift_share{model="wine-quality",version="1"} 0.4242');
      expect(metrics).toContain('model_drift_detected{model="wine-quality",version="1"} 1');
    } finally {
      await run.stop();
    }
  });
});

describe('an unfinished step', () => {
  it('makes run.ts print its one-line message and exit 1', async () => {
    const starter = readFileSync(join(labDir, 'starter', 'sorted-sample.ts'), 'utf8');
    const copy = createLearnerCopy(labDir, (file, text) => (file === 'sorted-sample.ts' ? starter : text));
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
