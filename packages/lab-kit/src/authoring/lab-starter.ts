// Lab starters on disk: generate a lab's starter files from its reference, write them, and check them.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Lab } from '../runtime/lab-metadata';
import { referenceFile } from '../runtime/lab-target';
import { generateStarter } from './starter-generator';

/** The reference package that holds a lab's reference folder. */
export interface ReferencePackage {
  readonly name: string;
  readonly dir: string;
  /** Reference folder relative to the package's src/, `''` when it is src/ itself. */
  readonly subdir: string;
  /** The package's `exports` subpaths (`'.'`, `'./http-error'`): what a starter may import from it. */
  readonly exported: ReadonlySet<string>;
}

/** Finds the package.json above the lab's reference folder. */
export function referencePackage(lab: Lab): ReferencePackage {
  if (lab.referenceDir === undefined) throw new Error(`${lab.relDir}/lab.json has no "reference" folder`);
  let dir = lab.referenceDir;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${lab.relDir}/lab.json: no package.json above reference "${lab.reference}"`);
    dir = parent;
  }
  const { name, exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; exports?: unknown };
  const subdir = relative(join(dir, 'src'), lab.referenceDir).split('\\').join('/');
  const exported = new Set(typeof exports === 'object' && exports !== null ? Object.keys(exports) : []);
  return { name, dir, subdir, exported };
}

/** Generates every starter file of a lab in memory: path relative to `starter/` → text. */
export function generateLabStarter(lab: Lab): Map<string, string> {
  return generateLab(lab, 'starter');
}

/**
 * The reference files as they would read in the lab's `src/` (regions kept, imports rewritten):
 * what `solve` copies in and `diff` compares against.
 */
export function generateLabSolution(lab: Lab): Map<string, string> {
  return generateLab(lab, 'solution');
}

function generateLab(lab: Lab, mode: 'starter' | 'solution'): Map<string, string> {
  const result = new Map<string, string>();
  let pkg: ReferencePackage | undefined;
  for (const file of lab.files) {
    const path = referenceFile(lab, file);
    if (!existsSync(path)) throw new Error(`${lab.relDir}/lab.json lists "${file}", but ${relative(lab.root, path)} does not exist`);
    // A lab-owned reference (solution/) is not in a package: it imports product code by package name only.
    const labOwned = path.startsWith(join(lab.dir, 'solution'));
    if (!labOwned) pkg ??= referencePackage(lab);
    const { text } = generateStarter(readFileSync(path, 'utf8'), {
      file,
      labFiles: lab.files,
      packageName: labOwned ? undefined : pkg!.name,
      referenceSubdir: labOwned ? '' : pkg!.subdir,
      exportedSubpaths: labOwned ? undefined : pkg!.exported,
      labDir: lab.relDir,
      mode,
    });
    result.set(file, text);
  }
  return result;
}

/** Lists files under a folder, relative to it, with forward slashes. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

/** Problems between a fresh generation and the committed `starter/`; empty when in sync. */
export function compareStarter(lab: Lab): string[] {
  const expected = generateLabStarter(lab);
  const starterDir = join(lab.dir, 'starter');
  const problems: string[] = [];
  for (const [file, text] of expected) {
    const path = join(starterDir, file);
    if (!existsSync(path)) problems.push(`starter/${file} is missing`);
    else if (readFileSync(path, 'utf8') !== text) problems.push(`starter/${file} differs from the reference`);
  }
  for (const file of listFiles(starterDir)) {
    if (!expected.has(file)) problems.push(`starter/${file} is not a lab file`);
  }
  return problems;
}

/** Writes `starter/` from the reference and removes stale files; returns the files that changed. */
export function writeStarter(lab: Lab): string[] {
  const expected = generateLabStarter(lab);
  const starterDir = join(lab.dir, 'starter');
  const changed: string[] = [];
  for (const [file, text] of expected) {
    const path = join(starterDir, file);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    changed.push(file);
  }
  for (const file of listFiles(starterDir)) {
    if (expected.has(file)) continue;
    rmSync(join(starterDir, file));
    changed.push(file);
  }
  return changed;
}
