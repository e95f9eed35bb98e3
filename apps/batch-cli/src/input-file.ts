// Checks the file to submit before any request: a missing file must not read as "cannot reach the API".

import { access, constants, stat } from 'node:fs/promises';
import { CliError } from './api-client';

/**
 * Resolves when `file` is a readable regular file.
 * @throws CliError saying the file does not exist, is a folder, or cannot be read.
 * @example await checkInputFile('winequality-white.csv');
 */
export async function checkInputFile(file: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`${file} does not exist; give the path of a CSV file with the 11 feature columns`);
    throw new CliError(`cannot read ${file} (${code ?? (error as Error).message})`);
  }
  if (!isFile) throw new CliError(`${file} is not a file; give the path of a CSV file`);
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as { code?: string }).code ?? (error as Error).message}); check its permissions`);
  }
}
