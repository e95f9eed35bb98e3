// `lab watch`: re-verifies a lab each time one of the learner's files in src/ is saved.

import { ensureLearnerFiles, type Lab } from '@mlops/lab-kit/runtime';
import { watch } from 'chokidar';
import { join } from 'node:path';
import pc from 'picocolors';
import { verifyLab } from './verify';

/** Watches `src/` (debounced) and runs verify after every change until Ctrl-C. */
export async function watchLab(lab: Lab, debounceMs = 300): Promise<void> {
  ensureLearnerFiles(lab);
  const srcDir = join(lab.dir, 'src');
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      console.log(pc.dim(`\n── ${new Date().toLocaleTimeString()} verifying lab ${lab.id} ──`));
      await verifyLab(lab).catch((error: Error) => console.error(error.message));
    } finally {
      running = false;
      console.log(pc.dim(`watching ${lab.relDir}/src for changes (Ctrl-C to stop)`));
    }
    if (again) {
      again = false;
      await run();
    }
  };

  const watcher = watch(srcDir, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 } });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  });
  await run();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => {
      void watcher.close().then(() => resolve());
    });
  });
}
