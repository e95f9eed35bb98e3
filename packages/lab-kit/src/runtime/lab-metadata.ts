// Lab metadata: the lab.json schema, and finding labs in the repository by id, slug or folder.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Schema of `labs/NN-slug/lab.json` (see docs/lab-format.md). */
export const labJsonSchema = z.object({
  id: z.string().regex(/^\d{2}$/, 'id is two digits, e.g. "01"'),
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug is kebab-case, e.g. "api-foundations"'),
  title: z.string().min(1),
  minutes: z.number().int().positive(),
  prerequisites: z.array(z.string()).default([]),
  /** Folder (from the repository root) of the product code that holds the lab's references; optional when every file has a `solution/` copy in the lab. */
  reference: z.string().min(1).optional(),
  files: z.array(z.string().min(1)).min(1),
  hints: z.array(z.string().min(1)).default([]),
  run: z.string().optional(),
});

/** Parsed lab.json. */
export type LabJson = z.infer<typeof labJsonSchema>;

/** A lab with its resolved locations. */
export interface Lab extends LabJson {
  /** Absolute path of the lab folder, e.g. `/repo/labs/01-api-foundations`. */
  readonly dir: string;
  /** Lab folder relative to the repository root, with forward slashes: `labs/01-api-foundations`. */
  readonly relDir: string;
  /** Absolute path of the lab.json `reference` folder; `undefined` when every reference is in the lab's `solution/`. */
  readonly referenceDir: string | undefined;
  /** Absolute repository root. */
  readonly root: string;
}

/** Raised for an unknown lab or an invalid lab.json; the message lists what is valid. */
export class LabNotFoundError extends Error {
  readonly code = 'LAB_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'LabNotFoundError';
  }
}

/** Absolute path of the repository root (three levels above this file's folder). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
}

/** Walks up from `start` to the folder whose package.json declares workspaces. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in JSON.parse(readFileSync(pkg, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return repoRoot();
    dir = parent;
  }
}

/** Reads and validates one lab folder's lab.json. */
export function readLab(labDir: string, root = findRepoRoot(labDir)): Lab {
  const dir = resolve(labDir);
  const file = join(dir, 'lab.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LabNotFoundError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = labJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LabNotFoundError(`invalid ${file}:\n  ${issues.join('\n  ')}`);
  }
  return {
    ...parsed.data,
    dir,
    relDir: relative(root, dir).split('\\').join('/'),
    referenceDir: parsed.data.reference === undefined ? undefined : resolve(root, parsed.data.reference),
    root,
  };
}

/** Every lab under `<root>/labs` that has a lab.json, sorted by id. */
export function findLabs(root = repoRoot()): Lab[] {
  const labsDir = join(root, 'labs');
  if (!existsSync(labsDir)) return [];
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(labsDir, d.name, 'lab.json')))
    .map((d) => readLab(join(labsDir, d.name), root))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Finds a lab by id (`"1"`, `"01"`), slug (`"api-foundations"`), folder name (`"01-api-foundations"`)
 * or folder path (`"."`, `"labs/01-api-foundations"`).
 *
 * @throws LabNotFoundError listing the valid ids when nothing matches.
 */
export function findLab(idOrSlugOrDir: string, root = repoRoot()): Lab {
  const asPath = resolve(idOrSlugOrDir);
  if (existsSync(join(asPath, 'lab.json'))) return readLab(asPath, root);
  const labs = findLabs(root);
  const key = idOrSlugOrDir.replace(/\/+$/, '');
  const wanted = /^\d$/.test(key) ? `0${key}` : key;
  const lab = labs.find((l) => l.id === wanted || l.slug === key || basename(l.dir) === basename(key));
  if (lab) return lab;
  throw new LabNotFoundError(
    `no lab "${idOrSlugOrDir}"; valid labs are:\n${labs.map((l) => `  ${l.id}  ${l.title}`).join('\n') || '  (none found)'}`,
  );
}
