// Shared vitest settings: generous timeouts, because 2-core CI machines run several suites at once.
// Speed is measured by the bench scripts, never by timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
