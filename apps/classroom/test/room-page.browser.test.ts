// The room page in real Chromium (Debian's chromium, driven by playwright-core): live, stuck, escaped, signed in.

import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestRedis } from '@mlops/redis/test-redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable } from './support/chromium';
import { joinLearner, postReport, type ReportBody } from './support/room-client';
import { startTestClassroom, type TestClassroom } from './support/test-classroom';

const redis = await startTestRedis();
const hasChromium = chromiumAvailable();
const report: ReportBody = { lab: '01', step: 2, passed: 11, failed: 17, skipped: 0, total: 28, message: 'expected 500 to be 400' };

describe.skipIf(!redis || !hasChromium)('the room page in Chromium', () => {
  let browser: Browser;
  let room: TestClassroom;
  let page: Page;
  let dialogs: string[];

  // One browser and one tab for the file (starting them is most of the time); a new classroom per test.
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    room = await startTestClassroom({ redisUrl: redis!.url, stuckMinutes: 10 });
    dialogs = [];
  });
  afterEach(async () => {
    await page.goto('about:blank');
    await room.stop();
  });

  /** Opens the room link as printed, and waits until the page has drawn the room. */
  const openRoom = async () => {
    await page.goto(`${room.url}/#token=${room.info.instructorToken}`);
    await page.waitForSelector('#room:not([hidden]) #grid tbody');
  };
  const row = (id: string) => `#grid tr[data-learner-id="${id}"]`;

  it('signs in from the link, hides the token, and shows a learner\'s verify within a second', async () => {
    const ana = await joinLearner(room.url, room.info.code, 'Ana');
    await openRoom();
    expect(page.url(), 'the token is gone from the address bar').toBe(`${room.url}/`);
    await page.waitForSelector(`${row(ana.id)} td[data-lab="01"][data-status="none"]`);
    const sent = performance.now();
    expect(await postReport(room.url, room.info.code, ana, report)).toBe(204);
    const cell = await page.waitForSelector(`${row(ana.id)} td[data-lab="01"][data-status="progress"]`, { timeout: 1000 });
    expect(performance.now() - sent, 'the page shows the verify within a second').toBeLessThan(1000);
    expect(await cell.textContent()).toBe('step 2/4 11/28');
    await page.waitForSelector('#failures li[data-lab="01"][data-count="1"]');
    expect(await page.textContent('#failures li[data-lab="01"] q')).toBe('expected 500 to be 400');
    await postReport(room.url, room.info.code, ana, { lab: '01', passed: 28, failed: 0, skipped: 0, total: 28 });
    await page.waitForSelector(`${row(ana.id)} td[data-lab="01"][data-status="passed"]`, { timeout: 1000 });
    expect(await page.textContent('#progress li[data-lab="01"] .progress-count')).toBe('1/1 passed');
  });

  it('highlights a learner stuck on one step, in words, and the threshold can change on the page', async () => {
    const ana = await joinLearner(room.url, room.info.code, 'Ana');
    const ben = await joinLearner(room.url, room.info.code, 'Ben');
    await postReport(room.url, room.info.code, ana, report);
    await postReport(room.url, room.info.code, ben, report);
    await openRoom();
    await page.waitForSelector(`${row(ana.id)}[data-stuck="false"] td[data-lab="01"][data-status="progress"]`);
    // Eleven minutes pass on the classroom's clock: Ana verifies again on the same step, Ben moves on.
    room.advanceClock(11 * 60_000);
    await postReport(room.url, room.info.code, ana, { ...report, passed: 12, failed: 16 });
    await postReport(room.url, room.info.code, ben, { ...report, step: 3, passed: 20, failed: 8 });
    const stuck = await page.waitForSelector(`${row(ana.id)}[data-stuck="true"] td[data-lab="01"][data-status="stuck"]`);
    expect(await stuck.textContent()).toMatch(/^⚠ STUCK 11 min\s*step 2\/4$/);
    expect(await page.textContent(`${row(ana.id)} th .flag`)).toBe('⚠ stuck');
    await page.waitForSelector(`${row(ben.id)}[data-stuck="false"] td[data-lab="01"][data-status="progress"]`);
    expect(await page.textContent('#summary')).toContain('1 stuck');
    await page.fill('#stuck-minutes', '15');
    await page.dispatchEvent('#stuck-minutes', 'change');
    await page.waitForSelector(`${row(ana.id)}[data-stuck="false"]`);
  });

  it('shows a hostile name and message as text: no markup, no script, no dialog', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const evil = await joinLearner(room.url, room.info.code, hostile);
    await postReport(room.url, room.info.code, evil, { ...report, message: '<script>alert(2)</script><b onmouseover=alert(3)>x</b>' });
    await openRoom();
    await page.waitForSelector(`${row(evil.id)} td[data-lab="01"][data-status="progress"]`);
    expect(await page.textContent(`${row(evil.id)} .name`)).toBe(hostile);
    expect(await page.textContent('#failures li[data-lab="01"] q')).toBe('<script>alert(2)</script><b onmouseover=alert(3)>x</b>');
    expect(await page.locator('#room img, #room b[onmouseover], #room script').count(), 'nothing was parsed as markup').toBe(0);
    await page.hover(`${row(evil.id)} .name`);
    expect(dialogs).toEqual([]);
  });

  it('shows nothing of the class without the instructor token', async () => {
    await joinLearner(room.url, room.info.code, 'Ana');
    await page.goto(`${room.url}/`);
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.isHidden('#room')).toBe(true);
    expect(await page.content()).not.toContain('Ana');
    await page.goto(`${room.url}/#token=not-the-token`);
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.textContent('#signin-why')).toMatch(/wrong or old instructor token/);
  });
});
