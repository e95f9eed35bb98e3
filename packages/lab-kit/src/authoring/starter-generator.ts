// Starter generator: turns a reference file with solution regions into the learner's starter file.

import { dirname, join } from 'node:path/posix';

/** Where a reference file sits and what the generator needs to know about its neighbours. */
export interface StarterContext {
  /** Path of the file relative to the reference folder, e.g. `routes/predict.ts`. */
  readonly file: string;
  /** Every lab file (relative to the reference folder); relative imports among them stay relative. */
  readonly labFiles: readonly string[];
  /**
   * Package name of the reference package, e.g. `@mlops/http-service`; `undefined` for a lab-owned reference
   * (`labs/NN/solution/`), whose relative imports of non-lab files are an error.
   */
  readonly packageName: string | undefined;
  /**
   * The reference package's `exports` subpaths (`'.'`, `'./http-error'`); when given, a rewritten import
   * must name one of them.
   */
  readonly exportedSubpaths?: ReadonlySet<string>;
  /**
   * The reference folder relative to the package's `src/` folder (`''` when the reference is `src/`
   * itself), so `./x` can become `@mlops/http-service/<sub>/x`.
   */
  readonly referenceSubdir: string;
  /** Lab folder in messages, e.g. `labs/01-api-foundations` (for errors only). */
  readonly labDir?: string;
  /**
   * `starter` (default) replaces regions by TODOs; `solution` keeps the regions and only rewrites imports,
   * giving the reference as it would read in the lab's `src/` (used by `solve` and `diff`).
   */
  readonly mode?: 'starter' | 'solution';
}

/** A marker problem in a reference file: unbalanced, nested or malformed region. */
export class StarterGenerationError extends Error {
  readonly code = 'STARTER_GENERATION';
  constructor(message: string) {
    super(message);
    this.name = 'StarterGenerationError';
  }
}

/** A solution region's opening marker: group 1 its indent, group 2 its description (`step N: ...`). */
export const REGION_START = /^([ \t]*)\/\/\s*#region\s+solution\b(.*)$/;
/** A solution region's closing marker. */
export const REGION_END = /^[ \t]*\/\/\s*#endregion\s+solution\b/;
const STEP = /^step\s+\S+?:\s*\S/;
const NOT_IMPLEMENTED_IMPORT = "import { notImplemented } from '@mlops/lab-kit/runtime';";
/** `from './x'`, `import './x'`, `import('./x')`, `export * from './x'` – one regex, any line breaks. */
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g;
const TOP_LEVEL_IMPORT = /^import\s[^;]*?['"][^'"\n]+['"][ \t]*;?/gm;

/** Result of {@link generateStarter}. */
export interface GeneratedStarter {
  readonly text: string;
  /** Number of solution regions replaced. */
  readonly regions: number;
}

/**
 * Generates the starter text of one reference file: each solution region becomes a TODO and a
 * `throw notImplemented('src/<file>', 'step N: ...')`, the `notImplemented` import is added once,
 * relative imports of files outside the lab are rewritten to the reference package's subpath exports,
 * and a `// Lab NN reference: ...` header comment becomes `// Lab NN: ...`.
 *
 * @throws StarterGenerationError for unbalanced, nested or malformed markers (naming file and line).
 */
export function generateStarter(source: string, ctx: StarterContext): GeneratedStarter {
  const where = (line: number) => `${ctx.labDir ? `${ctx.labDir}: ` : ''}${ctx.file}:${line}`;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.split(/\r?\n/);
  const out: string[] = [];
  let open: { line: number; indent: string; description: string } | undefined;
  let regions = 0;

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const start = REGION_START.exec(line);
    if (start) {
      if (open) {
        throw new StarterGenerationError(
          `${where(lineNo)}: nested solution region (the region opened at line ${open.line} is not closed yet)`,
        );
      }
      const description = (start[2] ?? '').trim();
      if (!STEP.test(description)) {
        throw new StarterGenerationError(
          `${where(lineNo)}: a solution region needs a description starting with "step N:", e.g. "// #region solution step 2: validate the body"`,
        );
      }
      open = { line: lineNo, indent: start[1] ?? '', description };
      if (ctx.mode === 'solution') out.push(line);
      return;
    }
    if (REGION_END.test(line)) {
      if (!open) throw new StarterGenerationError(`${where(lineNo)}: "#endregion solution" without a matching "#region solution"`);
      if (ctx.mode === 'solution') {
        out.push(line);
      } else {
        out.push(`${open.indent}// TODO ${open.description}`);
        out.push(`${open.indent}throw notImplemented(${quote(`src/${ctx.file}`)}, ${quote(open.description)});`);
      }
      open = undefined;
      regions += 1;
      return;
    }
    if (!open || ctx.mode === 'solution') out.push(line);
  });
  if (open) throw new StarterGenerationError(`${where(open.line)}: solution region is never closed with "// #endregion solution"`);

  let text = learnerHeader(rewriteRelativeImports(out.join(eol), ctx));
  if (regions > 0 && ctx.mode !== 'solution' && !text.includes("'@mlops/lab-kit/runtime'")) text = addImport(text, eol);
  return { text, regions };
}

/**
 * The file in `src/` is the learner's, so a leading `// Lab NN reference: ...` header becomes
 * `// Lab NN: ...` (in both modes, so `diff` does not show the header once the work is done).
 */
function learnerHeader(text: string): string {
  return text.replace(/^(\s*\/\/\s*Lab\s+\d+)\s+reference\s*:/i, '$1:');
}

/** Rewrites `./x` imports of non-lab files to `@mlops/<pkg>/<path>`; lab files stay relative. */
function rewriteRelativeImports(text: string, ctx: StarterContext): string {
  const labFiles = new Set(ctx.labFiles.map(stripExtension));
  return text.replace(RELATIVE_SPECIFIER, (match, lead: string, q: string, spec: string) => {
    const target = stripExtension(join(dirname(ctx.file), spec));
    if (labFiles.has(target)) return match;
    const inSrc = join(ctx.referenceSubdir, target);
    if (inSrc.startsWith('..')) {
      throw new StarterGenerationError(
        `${ctx.file}: import "${spec}" leaves the package's src/ folder; import the other package by name instead`,
      );
    }
    if (ctx.packageName === undefined) {
      throw new StarterGenerationError(
        `${ctx.file}: import "${spec}" is relative, but a lab-owned reference (solution/) may import only other lab files relatively; import product code by package name`,
      );
    }
    const subpath = inSrc === 'index' ? '' : `/${inSrc}`;
    if (ctx.exportedSubpaths && !isExported(ctx.exportedSubpaths, `.${subpath}`)) {
      throw new StarterGenerationError(
        `${ctx.file}: import "${spec}" becomes "${ctx.packageName}${subpath}" in the starter, which ${ctx.packageName} does not export: add "${`.${subpath}`}" to its package.json exports`,
      );
    }
    return `${lead}${q}${ctx.packageName}${subpath}${q}`;
  });
}

/** Inserts the notImplemented import after the last top-level import, or after the header comment. */
function addImport(text: string, eol: string): string {
  let end = -1;
  for (const m of text.matchAll(TOP_LEVEL_IMPORT)) end = m.index + m[0].length;
  if (end >= 0) return `${text.slice(0, end)}${eol}${NOT_IMPLEMENTED_IMPORT}${text.slice(end)}`;
  const header = /^(?:[ \t]*\/\/.*(?:\r?\n|$)|[ \t]*\/\*[\s\S]*?\*\/[ \t]*(?:\r?\n|$))*/.exec(text)?.[0] ?? '';
  const rest = text.slice(header.length).replace(/^(?:\r?\n)+/, '');
  return `${header}${header ? eol : ''}${NOT_IMPLEMENTED_IMPORT}${eol}${eol}${rest}`;
}

/** True when `subpath` is one of the package's `exports` keys, or matches a `*` pattern among them. */
function isExported(keys: ReadonlySet<string>, subpath: string): boolean {
  if (keys.has(subpath)) return true;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star >= 0 && subpath.startsWith(key.slice(0, star)) && subpath.endsWith(key.slice(star + 1))) return true;
  }
  return false;
}

function stripExtension(path: string): string {
  return path.replace(/\.(?:[mc]?ts|[mc]?js|tsx|jsx)$/, '');
}

/** A single-quoted TypeScript string literal. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
