// lab-cli uses the shared vitest settings; its tests drive the CLI as a learner would, one child process per
// command and a real vitest run per verify or solve, so one test can start five processes: on a 2-core machine
// running the whole suite that can pass a minute. Each child has its own 60 s limit; this is only the backstop.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(shared, defineConfig({ test: { testTimeout: 180_000 } }));
