// run.ts runs the learner's code: markers put in a learner copy show up in /metrics and in Prometheus' rules.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun, type LabRun } from '@mlops/lab-kit/authoring';
import { freePortForLab } from './free-port';

const MARKER = 'LEARNERMARKER7f3a';
const labDir = fileURLToPath(new URL('..', import.meta.url));
const WINE = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];

// Markers that keep everything working: the help text of the learner's request counter (step 1), the learner's
// unmatched label (step 2), a suffix on the learner's middleware's route (step 3), the help text of the inference
// counter (step 4), a learner's onRun that counts rows twice (step 5) and the learner's alert name (step 6).
const copy = createLearnerCopy(labDir, (file, text) => {
  if (file === 'http-metrics.ts') return replaceOnce(text, "help: 'HTTP requests answered,", `help: '${MARKER} HTTP requests answered,`);
  if (file === 'route-label.ts') return replaceOnce(text, 'if (path === undefined) return UNMATCHED_ROUTE;', `if (path === undefined) return '${MARKER}-unmatched';`);
  if (file === 'http-middleware.ts') return replaceOnce(text, 'route: routeLabel(req as IncomingMessage & RoutedRequest),', `route: \`\${routeLabel(req as IncomingMessage & RoutedRequest)}-${MARKER}\`,`);
  if (file === 'inference-metrics.ts') {
    const marked = replaceOnce(text, "help: 'Infer requests finished,", `help: '${MARKER} Infer requests finished,`);
    return replaceOnce(marked, 'batchRows.observe(labels, rows);', 'batchRows.observe(labels, rows * 2);');
  }
  if (file === 'alert-rule.ts') return replaceOnce(text, "alert: 'HighHttpErrorRatio',", `alert: 'HighHttpErrorRatio${MARKER}',`);
  return text;
});
let run: LabRun;
let api = '';
let prometheus = '';

beforeAll(async () => {
  run = startLabRun(labDir, [], { ...copy.env, PORT: '0', PROMETHEUS_PORT: String(await freePortForLab()) });
  [, api = ''] = await run.waitFor(/lab 05: API on (http:\/\/127\.0\.0\.1:\d+)/);
  [, prometheus = ''] = await run.waitFor(/lab 05: Prometheus on (http:\/\/127\.0\.0\.1:\d+)/);
}, 60_000);

afterAll(async () => {
  await run?.stop();
  copy.cleanup();
});

describe('npm start -w @mlops/lab-05-metrics', () => {
  it("measures the API with the learner's HTTP metrics, route label and middleware", async () => {
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    expect((await fetch(`${api}/nowhere`)).status).toBe(404);
    const text = await (await fetch(`${api}/metrics`)).text();
    expect(text).toContain(`# HELP http_requests_total ${MARKER} HTTP requests answered`);
    expect(text).toContain(`http_requests_total{method="GET",route="/healthz-${MARKER}",status_class="2xx"} 1`);
    expect(text).toContain(`http_requests_total{method="GET",route="${MARKER}-unmatched-${MARKER}",status_class="4xx"} 1`);
  });

  it("records the v2 data plane's inference with the learner's observer", async () => {
    const res = await fetch(`${api}/v2/models/wine-quality/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'features', shape: [3, 11], datatype: 'FP32', data: [WINE, WINE, WINE] }] }),
    });
    expect(res.status).toBe(200);
    const text = await (await fetch(`${api}/metrics`)).text();
    expect(text).toContain(`# HELP inference_requests_total ${MARKER} Infer requests finished`);
    expect(text).toMatch(/^inference_batch_rows_sum\{model="wine-quality",version="\d+"\} 6$/m);
  });

  it("loads the learner's alert rule into Prometheus", async () => {
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string }[] }[] } };
    expect(rules.data.groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual([`HighHttpErrorRatio${MARKER}`]);
  });
});
