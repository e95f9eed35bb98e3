// Checks, without creating anything, that a model repository folder could be written: run before training, not after.

import { access, constants, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Kernel file systems: never a model repository (Node's recursive mkdir loops forever on /proc). */
const KERNEL_FILE_SYSTEMS = ['/proc', '/sys'] as const;

function kernelFileSystem(path: string): string | undefined {
  return KERNEL_FILE_SYSTEMS.find((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * Why `repository` cannot be written, or `undefined` when it can: its nearest existing ancestor (itself when it
 * exists) must be a writable folder outside /proc and /sys. Nothing is created.
 * @returns an error code such as `ENOTDIR` or `EACCES`, or `under /proc`.
 * @example if (await repositoryWriteProblem('/proc/x')) console.error('pick another folder'); // 'under /proc'
 */
export async function repositoryWriteProblem(repository: string): Promise<string | undefined> {
  let path = resolve(repository);
  const requested = kernelFileSystem(path);
  if (requested) return `under ${requested}`;
  for (;;) {
    try {
      if (!(await stat(path)).isDirectory()) return 'ENOTDIR';
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(path) === path) return code ?? String(error);
      path = dirname(path);
    }
  }
  // A symlink may lead into /proc (/dev/fd does).
  const real = kernelFileSystem(await realpath(path).catch(() => path));
  if (real) return `under ${real}`;
  return access(path, constants.W_OK).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
}
