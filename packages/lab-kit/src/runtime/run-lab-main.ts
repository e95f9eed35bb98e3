// runLabMain: the body of a lab's run.ts, where an unfinished step prints one helpful line instead of a stack trace.

import { isNotImplementedError } from './not-implemented';

/**
 * Runs `main` (the body of a lab's run.ts). A NotImplementedError from the learner's code, the expected
 * state of a fresh lab, prints its one-line "step N is not done yet: open ... " message and sets exit
 * code 1; any other error propagates with its stack trace.
 *
 * @example
 * // labs/01-api-foundations/run.ts
 * await runLabMain(async () => {
 *   const { createApp } = await importLabModule<typeof import('./starter/create-app')>(import.meta.dirname, 'create-app.ts');
 *   ...
 * });
 */
export async function runLabMain(main: () => unknown): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!isNotImplementedError(error)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
