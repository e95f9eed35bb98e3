// Shared vitest settings: one module graph per worker, and generous timeouts, because 2-core CI machines run
// several suites at once. Speed is measured by the bench scripts, never by timeouts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Test files in one worker share transformed sources and loaded native modules (onnxruntime, tfjs)
    // instead of loading them again per file: most of a cold run's CPU was module loading.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // No REDIS_URL and no Redis on 127.0.0.1:6379: one Redis container (testcontainers) for the run, if Docker answers.
    globalSetup: [fileURLToPath(new URL('./packages/redis/src/test-redis-global-setup.ts', import.meta.url))],
  },
});
