// Where the browser tests find Chromium (Debian's package), and whether to skip without it.

import { existsSync } from 'node:fs';

/** Debian/Ubuntu's `chromium` package; playwright-core drives it, nothing is downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * True when Chromium is installed. Without it the browser tests skip with a SKIPPING line locally, but in CI
 * (`CI` set; .ci/run installs chromium) a missing browser is an error, so the tests cannot silently not run.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `the room page's browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING browser tests: ${message}`);
  return false;
}
