// Runs YOUR lab 07 code for real: a watcher for the projector that reads a running Prometheus every few seconds and
// prints the drift alert's state (your alertState) and each version's drift verdict (your driftVerdict).
//   npm run capstone -- --keep      (another terminal) the stack; it prints its Prometheus address
//   PROMETHEUS_URL=http://127.0.0.1:<port> npm start -w @mlops/lab-07-capstone
// Settings: PROMETHEUS_URL (http://127.0.0.1:9090), MODEL (wine-quality), MIN_ROWS (200), MAX_AGE_SECONDS (60),
// EVERY_SECONDS (2), ROUNDS (0: until Ctrl-C).

import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';

type Alerts = typeof import('./starter/alert-state');
type Verdicts = typeof import('./starter/drift-verdict');
type Sample = { metric: Record<string, string>; value: [number, string] };

const env = (name: string, fallback: string): string => process.env[name]?.trim() || fallback;
const prometheus = env('PROMETHEUS_URL', 'http://127.0.0.1:9090').replace(/\/$/, '');
const model = env('MODEL', 'wine-quality');
const minRows = Number(env('MIN_ROWS', '200'));
const maxAgeSeconds = Number(env('MAX_AGE_SECONDS', '60'));
const everySeconds = Number(env('EVERY_SECONDS', '2'));
const rounds = Number(env('ROUNDS', '0'));

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${prometheus}${path}`, { signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
  return body.data;
}

const query = async (expr: string): Promise<Sample[]> => (await get<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;

/** One line: the alert per version, then each version's verdict per service (job). */
async function watchOnce(alerts: Alerts, verdicts: Verdicts): Promise<string> {
  const sel = `{model="${model}"}`;
  const [firing, detected, rows, checked] = await Promise.all([
    get<{ alerts: Parameters<Alerts['alertState']>[0] }>('/api/v1/alerts'),
    query(`model_drift_detected${sel}`),
    query(`model_drift_window_rows${sel}`),
    query(`model_drift_last_check_timestamp_seconds${sel}`),
  ]);
  const key = (s: Sample): string => `${s.metric.job ?? '?'} v${s.metric.version ?? '?'}`;
  const valueOf = (list: Sample[], k: string): number | undefined => {
    const found = list.find((s) => key(s) === k);
    return found === undefined ? undefined : Number(found.value[1]);
  };
  const keys = [...new Set([...detected, ...rows, ...checked].map(key))].sort();
  const versions = [...new Set([...detected.map((s) => s.metric.version ?? '?'), ...firing.alerts.map((a) => a.labels.version ?? '?')])].sort();
  const alertPart = versions.map((v) => `v${v} ${alerts.alertState(firing.alerts, { alertname: 'ModelDataDrift', labels: { model, version: v } })}`);
  const nowSeconds = Date.now() / 1000;
  const driftPart = keys.map((k) => {
    const verdict = verdicts.driftVerdict({ detected: valueOf(detected, k), windowRows: valueOf(rows, k), lastCheckSeconds: valueOf(checked, k) }, { minRows, maxAgeSeconds, nowSeconds });
    return `${k} ${verdict} (${valueOf(rows, k) ?? 0} rows)`;
  });
  const time = new Date().toISOString().slice(11, 19);
  return `${time}  ModelDataDrift: ${alertPart.join(', ') || 'inactive'}  |  drift: ${driftPart.join(', ') || 'no checks yet'}`;
}

await runLabMain(async () => {
  const alerts = await importLabModule<Alerts>(import.meta.dirname, 'alert-state.ts');
  const verdicts = await importLabModule<Verdicts>(import.meta.dirname, 'drift-verdict.ts');
  console.log(`lab 07: watching ${prometheus} for ${model} (MIN_ROWS ${minRows}, MAX_AGE_SECONDS ${maxAgeSeconds}); Ctrl-C stops`);
  for (let round = 1; rounds === 0 || round <= rounds; round++) {
    try {
      console.log(await watchOnce(alerts, verdicts));
    } catch (error) {
      if ((error as Error).name === 'NotImplementedError') throw error;
      console.log(`${new Date().toISOString().slice(11, 19)}  Prometheus at ${prometheus} did not answer: ${(error as Error).message}`);
    }
    if (rounds !== 0 && round === rounds) break;
    await new Promise((r) => setTimeout(r, everySeconds * 1000));
  }
});
