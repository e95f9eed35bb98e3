// lab-kit unit tests; a few start real vitest runs in child processes, so they get a generous timeout.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
