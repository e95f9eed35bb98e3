// Unit tests of the starter generator: regions, the notImplemented import, import rewriting, marker errors.
import { describe, expect, it } from 'vitest';
import { generateStarter, StarterGenerationError, type StarterContext } from './starter-generator';

const ctx: StarterContext = {
  file: 'features.ts',
  labFiles: ['features.ts', 'split.ts'],
  packageName: '@mlops/training',
  referenceSubdir: '',
  labDir: 'labs/02-train-and-export',
};

const reference = `// Feature scaling.

import type { FeatureStats } from './stats';
import { seededShuffle } from './split';

export function standardize(rows: number[][], stats: FeatureStats): number[][] {
  // #region solution step 2: subtract each feature's mean and divide by its standard deviation
  return rows.map((row) => row.map((v, i) => (v - stats.mean[i]!) / stats.std[i]!));
  // #endregion solution
}
`;

describe('generateStarter', () => {
  it('replaces a region by a TODO and a notImplemented throw indented like the marker', () => {
    const { text, regions } = generateStarter(reference, ctx);
    expect(regions).toBe(1);
    expect(text).toContain(
      "  // TODO step 2: subtract each feature's mean and divide by its standard deviation\n" +
        "  throw notImplemented('src/features.ts', 'step 2: subtract each feature\\'s mean and divide by its standard deviation');\n}",
    );
    expect(text).not.toContain('rows.map');
    expect(text).not.toContain('#region');
  });

  it('adds the notImplemented import once, after the last import', () => {
    const twice = reference.replace('\n}\n', '\n}\n\nexport function other(): void {\n  // #region solution step 3: x\n  return;\n  // #endregion solution\n}\n');
    const { text, regions } = generateStarter(twice, ctx);
    expect(regions).toBe(2);
    expect(text.match(/import \{ notImplemented \}/g)).toHaveLength(1);
    expect(text).toContain("import { seededShuffle } from './split';\nimport { notImplemented } from '@mlops/lab-kit/runtime';\n");
  });

  it('rewrites relative imports of non-lab files to the package subpath and keeps lab files relative', () => {
    const { text } = generateStarter(reference, ctx);
    expect(text).toContain("import type { FeatureStats } from '@mlops/training/stats';");
    expect(text).toContain("import { seededShuffle } from './split';");
  });

  it('rewrites multi-line imports, export-from, extensions, side-effect and dynamic imports', () => {
    const source = [
      "import {",
      '  HttpError,',
      '  type Details,',
      "} from './http-error.ts';",
      "import './polyfill';",
      "export { thing } from '../shared/thing';",
      "export * from './index';",
      'export async function load() {',
      "  return import('./lazy');",
      '}',
    ].join('\n');
    const { text, regions } = generateStarter(source, { ...ctx, file: 'routes/predict.ts', labFiles: ['routes/predict.ts'], packageName: '@mlops/http-service' });
    expect(regions).toBe(0);
    expect(text).toContain("} from '@mlops/http-service/routes/http-error';");
    expect(text).toContain("import '@mlops/http-service/routes/polyfill';");
    expect(text).toContain("export { thing } from '@mlops/http-service/shared/thing';");
    expect(text).toContain("export * from '@mlops/http-service/routes/index';");
    expect(text).toContain("import('@mlops/http-service/routes/lazy')");
    expect(text).not.toContain('notImplemented');
  });

  it('maps a reference folder below src/ into the subpath', () => {
    const { text } = generateStarter("import { a } from './a';\nimport { b } from '../b';\n", { ...ctx, referenceSubdir: 'setup-check' });
    expect(text).toContain("from '@mlops/training/setup-check/a'");
    expect(text).toContain("from '@mlops/training/b'");
  });

  it('puts the import after the header comment when the file has no imports', () => {
    const source = '// Header.\n\nexport function f(): number {\n  // #region solution step 1: return one\n  return 1;\n  // #endregion solution\n}\n';
    const { text } = generateStarter(source, ctx);
    expect(text.startsWith("// Header.\n\nimport { notImplemented } from '@mlops/lab-kit/runtime';\n\nexport function f")).toBe(true);
  });

  it('keeps CRLF line endings', () => {
    const { text } = generateStarter(reference.replace(/\n/g, '\r\n'), ctx);
    expect(text).toContain("standard deviation\r\n  throw notImplemented(");
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('names file and line for a nested region', () => {
    const source = 'function f() {\n  // #region solution step 1: a\n  // #region solution step 2: b\n  // #endregion solution\n  // #endregion solution\n}\n';
    expect(() => generateStarter(source, ctx)).toThrow(StarterGenerationError);
    expect(() => generateStarter(source, ctx)).toThrow('labs/02-train-and-export: features.ts:3: nested solution region (the region opened at line 2');
  });

  it('names file and line for a region that is never closed', () => {
    expect(() => generateStarter('function f() {\n  // #region solution step 1: a\n}\n', ctx)).toThrow(/features\.ts:2: solution region is never closed/);
  });

  it('names file and line for an end marker without a start', () => {
    expect(() => generateStarter('function f() {\n  // #endregion solution\n}\n', ctx)).toThrow(/features\.ts:2: "#endregion solution" without a matching/);
  });

  it('rejects a region whose description does not start with "step N:"', () => {
    expect(() => generateStarter('function f() {\n  // #region solution do it\n  // #endregion solution\n}\n', ctx)).toThrow(/features\.ts:2: .*"step N:"/);
  });

  it('keeps the regions and rewrites only imports in solution mode', () => {
    const { text, regions } = generateStarter(reference, { ...ctx, mode: 'solution' });
    expect(regions).toBe(1);
    expect(text).toBe(reference.replace("from './stats'", "from '@mlops/training/stats'"));
  });

  it('turns a "Lab NN reference:" header into the learner\'s file header, in both modes', () => {
    const source = `// Lab 00 reference: formatWine, a first exercise.\n\nexport function f(): number {\n  // #region solution step 2: return one\n  return 1;\n  // #endregion solution\n}\n`;
    for (const mode of ['starter', 'solution'] as const) {
      const { text } = generateStarter(source, { ...ctx, mode });
      expect(text.split('\n')[0], mode).toBe('// Lab 00: formatWine, a first exercise.');
    }
    expect(generateStarter('// The reference rules of lab 01.\n', ctx).text, 'only a leading "Lab NN reference:" changes').toBe('// The reference rules of lab 01.\n');
  });

  it('leaves ordinary #region markers alone', () => {
    const source = '// #region helpers\nexport const x = 1;\n// #endregion\n';
    expect(generateStarter(source, ctx).text).toBe(source);
  });
});

describe('imports of non-lab files and the package exports', () => {
  const base = { file: 'a.ts', labFiles: ['a.ts'], packageName: '@mlops/x', referenceSubdir: '' };
  const source = "import { b } from './b';\nexport const a = b;\n";

  it('rewrites to an exported subpath, also one a "*" pattern covers', () => {
    expect(generateStarter(source, { ...base, exportedSubpaths: new Set(['.', './b']) }).text).toContain("from '@mlops/x/b'");
    expect(generateStarter(source, { ...base, exportedSubpaths: new Set(['./*']) }).text).toContain("from '@mlops/x/b'");
  });

  it('fails naming the subpath to export when the package does not export it', () => {
    expect(() => generateStarter(source, { ...base, exportedSubpaths: new Set(['.']) })).toThrow(
      'import "./b" becomes "@mlops/x/b" in the starter, which @mlops/x does not export: add "./b" to its package.json exports',
    );
  });

  it('refuses a relative import of product code in a lab-owned reference', () => {
    expect(() => generateStarter(source, { ...base, packageName: undefined })).toThrow(StarterGenerationError);
  });
});
