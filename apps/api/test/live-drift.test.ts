// Live drift through the running API: held-out red wines keep model_drift_detected at 0, white wines turn it to 1.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWines, splitDataset, type WineRow } from '@mlops/dataset';
import { createLogger } from '@mlops/http-service';
import { buildApi, type Api } from '../src/build-api';
import { readConfig } from '../src/config';
import { rolloutRepository } from './helpers/rollout-repository';

const logger = createLogger({ level: 'silent' });
const LABELS = 'model="wine-quality",version="1"';
let api: Api;
let server: Server;
let base: string;
let red: WineRow[];
let white: WineRow[];

beforeAll(async () => {
  // A check every 50 ms on a window of the last 1000 rows, so the test waits for checks, not for minutes.
  api = await buildApi(readConfig({ MODEL_VERSION: '1', DRIFT_CHECK_SECONDS: '0.05', DRIFT_WINDOW_ROWS: '1000', DRIFT_MIN_ROWS: '100' }), logger);
  server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The red wines the model never saw (its seed-42 test split), and the white ones.
  red = splitDataset(await loadWines('red'), { seed: 42, validation: 0.15, test: 0.15 }).test;
  white = (await loadWines('white')).slice(0, 1000);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

/** Scores the wines through POST /v2/models/wine-quality/infer, 250 rows a request. */
async function score(wines: readonly WineRow[]): Promise<void> {
  for (let i = 0; i < wines.length; i += 250) {
    const rows = wines.slice(i, i + 250);
    const body = { inputs: [{ name: 'features', shape: [rows.length, 11], datatype: 'FP32', data: rows.flatMap((w) => w.features) }] };
    const res = await fetch(`${base}/v2/models/wine-quality/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.text().then((t) => t.slice(0, 200))).toBe(200);
  }
}

/** The drift gauges on GET /metrics once a check newer than `since` (ms) has seen `rows` rows; fails after 10 s. */
async function checkAfter(since: number, rows: number): Promise<{ detected: number; share: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await (await fetch(`${base}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{${LABELS}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    if (value('model_drift_last_check_timestamp_seconds') * 1000 > since && value('model_drift_window_rows') === rows) {
      return { detected: value('model_drift_detected'), share: value('model_drift_share') };
    }
    if (Date.now() > deadline) throw new Error(`no drift check of ${rows} rows within 10 s; /metrics has:\n${text.split('\n').filter((l) => l.startsWith('model_drift')).join('\n')}`);
    await new Promise((r) => setTimeout(r, 25)); // the next check is at most 50 ms away
  }
}

describe('live drift in the API', () => {
  it('keeps held-out red wines below the threshold, then white wines cross it', async () => {
    await score(red);
    const before = await checkAfter(Date.now(), red.length);
    expect(before.detected, 'the 240 held-out red wines are the training distribution').toBe(0);
    expect(before.share).toBeLessThan(0.5);

    await score(white);
    const after = await checkAfter(Date.now(), 1000);
    expect(after.detected, '1000 white wines fill the window: data set drift').toBe(1);
    expect(after.share).toBeGreaterThanOrEqual(0.5);
  });
});

describe('live drift across version changes', () => {
  let repo: Awaited<ReturnType<typeof rolloutRepository>>;
  let swapping: Api;
  let swapServer: Server;
  let swapBase: string;

  beforeAll(async () => {
    repo = await rolloutRepository({ 2: 'same' });
    swapping = await buildApi(
      readConfig({ MODEL_REPOSITORY: repo.dir, MODEL_VERSION: '1', CANARY_PERCENT: '0', DRIFT_CHECK_SECONDS: '0.05', DRIFT_WINDOW_ROWS: '1000', DRIFT_MIN_ROWS: '100' }),
      logger,
    );
    swapServer = createServer(swapping.app);
    await new Promise<void>((resolve) => swapServer.listen(0, '127.0.0.1', resolve));
    swapBase = `http://127.0.0.1:${(swapServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => swapServer?.close(resolve));
    await swapping?.close();
    await repo?.cleanup();
  });

  /** GET /metrics's model_drift_window_rows lines by version, once `ready` holds for them; fails after 10 s. */
  async function windowsWhen(ready: (windows: Record<string, number>) => boolean): Promise<Record<string, number>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const text = await (await fetch(`${swapBase}/metrics`)).text();
      const windows = Object.fromEntries([...text.matchAll(/^model_drift_window_rows\{model="wine-quality",version="(\d+)"\} (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
      if (ready(windows)) return windows;
      if (Date.now() > deadline) throw new Error(`drift windows by version stayed ${JSON.stringify(windows)} for 10 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function scoreOn(wines: readonly WineRow[]): Promise<void> {
    const body = { inputs: [{ name: 'features', shape: [wines.length, 11], datatype: 'FP32', data: wines.flatMap((w) => w.features) }] };
    const res = await fetch(`${swapBase}/v2/models/wine-quality/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  }

  it('watches a canary candidate from its first rows, and drops a version that stopped serving, so its alert resolves', async () => {
    await scoreOn(white.slice(0, 200));
    await windowsWhen((w) => w['1'] === 200);

    // Version 2 as a canary taking every request: its rows are watched before any promotion.
    await swapping.registry.startRollout('wine-quality', '2', { mode: 'canary', routesToCandidate: () => true });
    await scoreOn(red.slice(0, 150));
    await windowsWhen((w) => w['2'] === 150);

    // Promoted: version 1 no longer serves, and every drift series of it goes.
    await swapping.registry.loadVersion('wine-quality', '2');
    const windows = await windowsWhen((w) => w['1'] === undefined);
    expect(windows).toEqual({ 2: 150 });
  });
});
