// NotImplementedError: what a generated starter throws where the learner still has to write code.

/** Stable code of {@link NotImplementedError}, for checks that cannot rely on `instanceof`. */
export const NOT_IMPLEMENTED = 'NOT_IMPLEMENTED';

/**
 * Thrown by a starter in place of a solution region. Its message tells the learner which file to open
 * and which step to do.
 */
export class NotImplementedError extends Error {
  readonly code = NOT_IMPLEMENTED;
  /** Lab-relative path of the file to edit, e.g. `src/features.ts`. */
  readonly file: string;
  /** The step, as written in the solution marker, e.g. `step 2: standardise the features`. */
  readonly step: string;

  constructor(file: string, step: string) {
    super(notImplementedMessage(file, step));
    this.name = 'NotImplementedError';
    this.file = file;
    this.step = step;
  }
}

/**
 * Builds the learner-facing message. The lab folder and id come from `MLOPS_LAB_DIR` / `MLOPS_LAB_ID`,
 * which `defineLabConfig` sets for the test workers.
 *
 * @example notImplementedMessage('src/features.ts', 'step 2: standardise')
 * // 'step 2 is not done yet: open labs/01-api-foundations/src/features.ts and replace the TODO (standardise); hint: npm run lab -- hint 01'
 */
export function notImplementedMessage(file: string, step: string): string {
  const labDir = process.env.MLOPS_LAB_DIR;
  const labId = process.env.MLOPS_LAB_ID;
  const stepName = /^step\s+[\w.-]+/i.exec(step)?.[0] ?? step;
  const path = labDir ? `${labDir}/${file}` : file;
  const hint = labId ? `npm run lab -- hint ${labId}` : 'npm run lab -- hint';
  const detail = step.slice(stepName.length).replace(/^:\s*/, '');
  return `${stepName} is not done yet: open ${path} and replace the TODO${detail ? ` (${detail})` : ''}; hint: ${hint}`;
}

/**
 * Makes {@link notImplementedMessage} name the lab folder and id in this process (and in processes it
 * starts): `defineLabConfig` calls it for the test workers, a lab's run.ts calls it before loading `src/`.
 */
export function setLabContext(lab: { readonly relDir: string; readonly id: string }): void {
  process.env.MLOPS_LAB_DIR = lab.relDir;
  process.env.MLOPS_LAB_ID = lab.id;
}

/**
 * Returns (for `throw`) the error a starter raises in place of a solution region.
 *
 * @example throw notImplemented('src/features.ts', 'step 2: standardise the features');
 */
export function notImplemented(file: string, step: string): never {
  throw new NotImplementedError(file, step);
}

/** True for a {@link NotImplementedError}, also one from another copy of this module. */
export function isNotImplementedError(error: unknown): error is NotImplementedError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === NOT_IMPLEMENTED;
}
