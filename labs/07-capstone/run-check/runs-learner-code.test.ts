// run.ts runs the learner's code: markers put in a learner copy show up in the watcher's lines about a real Prometheus.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun, type LabRun } from '@mlops/lab-kit/authoring';
import { startRulePrometheus, type RulePrometheus } from './rule-prometheus';

const MARKER = 'LEARNERMARKER07';
const labDir = fileURLToPath(new URL('..', import.meta.url));

// The learner's 'firing' (step 1) and 'drift' / 'no-drift' (step 2) carry a marker; the watcher prints what they return.
const copy = createLearnerCopy(labDir, (file, text) => {
  if (file === 'alert-state.ts') return replaceOnce(text, "return 'firing';", `return 'firing-${MARKER}' as 'firing';`);
  if (file === 'drift-verdict.ts') {
    const marked = replaceOnce(text, "return 'drift';", `return 'drift-${MARKER}' as 'drift';`);
    return replaceOnce(marked, "return 'no-drift';", `return 'no-drift-${MARKER}' as 'no-drift';`);
  }
  return text;
});
let prometheus: RulePrometheus;
let run: LabRun;

beforeAll(async () => {
  prometheus = await startRulePrometheus();
  run = startLabRun(labDir, [], { ...copy.env, PROMETHEUS_URL: prometheus.url, EVERY_SECONDS: '0.5' });
}, 60_000);

afterAll(async () => {
  await run?.stop();
  await prometheus?.stop();
  copy.cleanup();
});

describe('npm start -w @mlops/lab-07-capstone', () => {
  it("prints the drift alert's state from the learner's alertState", async () => {
    const [line] = await run.waitFor(new RegExp(`ModelDataDrift: v1 firing-${MARKER}, v2 inactive`));
    expect(line).toContain(`v1 firing-${MARKER}`);
  }, 30_000);

  it("prints each version's drift verdict from the learner's driftVerdict", async () => {
    const [line] = await run.waitFor(new RegExp(`api v1 drift-${MARKER} \\(600 rows\\), api v2 no-drift-${MARKER} \\(600 rows\\)`));
    expect(line).toContain(`api v2 no-drift-${MARKER}`);
  }, 30_000);
});
