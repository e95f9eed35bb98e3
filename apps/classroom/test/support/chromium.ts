// Where the browser tests find Chromium (Debian's package), and whether to skip without it.

import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`, else a `chromium` on the PATH. Nothing is ever downloaded. */
export const CHROMIUM_PATH = findChromium();

function findChromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) return debian;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return debian;
}

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
