// Shared vitest settings: one module graph per worker, and generous timeouts, because 2-core CI machines run
// several suites at once. Speed is measured by the bench scripts, never by timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Test files in one worker share transformed sources and loaded native modules (onnxruntime, tfjs)
    // instead of loading them again per file: most of a cold run's CPU was module loading.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
