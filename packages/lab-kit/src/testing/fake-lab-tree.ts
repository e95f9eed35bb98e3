// A throwaway repository with two tiny labs, for tests of the lab-kit and the CLI (never the real labs/).

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findLabs, repoRoot } from '../runtime/lab-metadata';
import { writeStarter } from '../authoring/lab-starter';

/** A fake repository in the OS temp folder; `remove()` deletes it. */
export interface FakeLabTree {
  readonly root: string;
  remove(): void;
}

const reference = (name: string, factor: number, step: number) => `// Fake reference: ${name} multiplies by ${factor}.

/** Multiplies a number by ${factor}. */
export function ${name}(x: number): number {
  // #region solution step ${step}: return x times ${factor}
  return x * ${factor};
  // #endregion solution
}
`;

const test = (name: string, factor: number) => `import { expect, it } from 'vitest';
import { ${name} } from '@lab/${name}';

it('${name} multiplies by ${factor}', () => {
  expect(${name}(2), 'return x * ${factor}').toBe(${2 * factor});
});

it('${name} keeps zero', () => {
  expect(${name}(0)).toBe(0);
});
`;

/**
 * Creates `<tmp>/{package.json, node_modules → the real node_modules, packages/fake/src, labs/01-first,
 * labs/02-second}` with generated starters. Lab 01 has two hints, lab 02 one.
 */
export function createFakeLabTree(): FakeLabTree {
  const root = mkdtempSync(join(tmpdir(), 'fake-labs-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'fake-labs', private: true, type: 'module', workspaces: ['labs/*', 'packages/*'] }));
  symlinkSync(join(repoRoot(), 'node_modules'), join(root, 'node_modules'), 'junction');
  write('packages/fake/package.json', JSON.stringify({ name: '@mlops/fake', type: 'module', exports: { './*': './src/*.ts' } }));
  const labs = [
    { dir: '01-first', id: '01', name: 'double', factor: 2, hints: ['Multiply.', 'Use x * 2.'] },
    { dir: '02-second', id: '02', name: 'triple', factor: 3, hints: ['Use x * 3.'] },
  ];
  for (const lab of labs) {
    write(`packages/fake/src/${lab.name}.ts`, reference(lab.name, lab.factor, 1));
    write(`labs/${lab.dir}/package.json`, JSON.stringify({ name: `@fake/lab-${lab.id}`, private: true, type: 'module' }));
    write(
      `labs/${lab.dir}/lab.json`,
      JSON.stringify({
        id: lab.id,
        slug: lab.dir.slice(3),
        title: `Fake ${lab.name}`,
        minutes: 5,
        prerequisites: [],
        reference: 'packages/fake/src',
        files: [`${lab.name}.ts`],
        hints: lab.hints,
      }),
    );
    write(`labs/${lab.dir}/vitest.config.ts`, "import { defineLabConfig } from '@mlops/lab-kit/authoring';\n\nexport default defineLabConfig(import.meta.dirname);\n");
    write(`labs/${lab.dir}/test/${lab.name}.test.ts`, test(lab.name, lab.factor));
  }
  for (const lab of findLabs(root)) writeStarter(lab);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
