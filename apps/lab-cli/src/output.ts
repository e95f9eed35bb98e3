// Output helpers: status symbols that stay readable without colour.

import pc from 'picocolors';

/** `✓ text` in green. */
export const ok = (text: string): string => `${pc.green('✓')} ${text}`;
/** `✗ text` in red. */
export const fail = (text: string): string => `${pc.red('✗')} ${text}`;
/** `! text` in yellow. */
export const warn = (text: string): string => `${pc.yellow('!')} ${text}`;
/** Indents every line of a block. */
export const indent = (text: string, by = '  '): string =>
  text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

/** A path relative to the current folder when it is inside it, else as given. */
export const shortPath = (path: string): string => {
  const cwd = `${process.cwd()}/`;
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
};
