// Renders the room page with a simulated class of 30 in real Chromium and saves docs/classroom-room.png.
// Usage: npm run screenshot -w @mlops/classroom [-- --out file.png --width 1600]

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startTestRedis } from '@mlops/redis/test-redis';
import { joinLearner, postReport, type ReportBody } from '../test/support/room-client';
import { CHROMIUM_PATH } from '../test/support/chromium';
import { startTestClassroom } from '../test/support/test-classroom';
import { simulatedClass } from './simulated-class';
import { labCatalog } from '../src/lab-catalog';

const { values } = parseArgs({
  options: { out: { type: 'string' }, width: { type: 'string', default: '1600' }, height: { type: 'string', default: '900' } },
});
const out = resolve(values.out ?? new URL('../../../docs/classroom-room.png', import.meta.url).pathname);
const redis = await startTestRedis();
if (!redis) throw new Error('the screenshot needs Redis');
const classroom = await startTestClassroom({ redisUrl: redis.url, labs: labCatalog(resolve(import.meta.dirname, '../../..')) });
const post = async (learner: { token: string }, report: ReportBody): Promise<void> => {
  const status = await postReport(classroom.url, classroom.info.code, learner, report);
  if (status !== 204) throw new Error(`report not recorded: HTTP ${status}`);
};
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
try {
  for (const learner of simulatedClass(30)) {
    const joined = await joinLearner(classroom.url, classroom.info.code, learner.name);
    if (learner.reports.length === 0) continue;
    // Post as if it happened minutesOnStep ago, then verify once more recently on the same step.
    const back = learner.minutesOnStep * 60_000;
    classroom.advanceClock(-back);
    for (const report of learner.reports) await post(joined, report);
    const lastVerify = Math.min(back, (joined.name.length % 4) * 60_000);
    classroom.advanceClock(back - lastVerify);
    await post(joined, learner.reports.at(-1)!);
    classroom.advanceClock(lastVerify);
  }
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  await page.goto(`${classroom.url}/#token=${classroom.info.instructorToken}`);
  await page.waitForSelector('#grid tbody tr[data-learner-id]');
  // The join banner shows the test's 127.0.0.1 address: show what a room sees instead.
  await page.locator('#join-command').evaluate((command) => {
    command.textContent = command.textContent!.replace(/http:\/\/127\.0\.0\.1:\d+/, 'http://192.168.1.23:8088');
  });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await classroom.stop();
}
