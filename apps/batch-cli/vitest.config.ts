// Vitest settings for the batch CLI: the real CLI process against a real API, worker and Redis.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 } });
