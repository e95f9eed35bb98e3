// The HTML report in real Chromium (Debian's chromium via playwright-core): verdict and top feature visible, no network.

import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FEATURE_NAMES, RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDrift } from '../src/dataset-drift';
import { renderHtmlReport } from '../src/html-report';
import { readFeatureColumns } from '../src/read-columns';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Skips with a SKIPPING line without Chromium locally; under CI a missing browser fails the run. */
function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `the drift report's browser test needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING browser test: ${message}`);
  return false;
}

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('the drift report in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drift-report-'));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the verdict and the top feature of white vs red, with no request leaving the file', async () => {
    const [red, white] = await Promise.all([readFeatureColumns(RED_WINE_CSV), readFeatureColumns(WHITE_WINE_CSV)]);
    const report = datasetDrift(FEATURE_NAMES, red.columns, white.columns);
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(report, { reference: 'winequality-red.csv', current: 'winequality-white.csv', generatedAt: '2026-12-01' }));

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, javaScriptEnabled: false });
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);

    const verdict = page.locator('#verdict');
    expect(await verdict.isVisible()).toBe(true);
    expect(await verdict.textContent()).toBe('DATASET DRIFT: 11 of 11 features drifted (100%, threshold 50%)');
    const firstRow = page.locator('tbody tr').first();
    expect(await firstRow.isVisible()).toBe(true);
    expect(await firstRow.locator('td').first().textContent()).toBe('1. residual sugar');
    expect(await page.locator('.card svg').count()).toBe(11);
    const box = await firstRow.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(1000); // above the fold
    expect(external).toEqual([]);

    const screenshot = await page.screenshot({ fullPage: false });
    expect(screenshot.length).toBeGreaterThan(10_000);
    await writeFile(join(dir, 'report.png'), screenshot);
    // DRIFT_REPORT_SCREENSHOT=/abs/path.png keeps a copy (docs/drift-report.png is made this way).
    if (process.env.DRIFT_REPORT_SCREENSHOT) await copyFile(join(dir, 'report.png'), process.env.DRIFT_REPORT_SCREENSHOT);
    await page.close();
  });
});
