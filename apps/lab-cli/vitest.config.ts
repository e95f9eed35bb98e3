// lab-cli tests spawn the CLI (tsx start-up, real vitest runs), so they get generous timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 60_000 },
});
