// Bundles the API, the worker, the retrainer, the CSV ingest thread and the container health check into dist/*.mjs with esbuild,
// dependencies included, except the packages that must stay on disk (native binaries); writes their names to
// dist/runtime-packages.json, and puts the files bundled code reads beside itself where that code looks for them.
import { build } from 'esbuild';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = process.argv[2] ?? `${root}dist`;

/**
 * Packages imported at run time from node_modules instead of being bundled: onnxruntime-node and msgpackr load
 * native binaries next to their sources; BullMQ's Valkey GLIDE client is optional and never used here.
 */
const EXTERNAL = ['onnxruntime-node', 'msgpackr', '@valkey/valkey-glide'];

const result = await build({
  entryPoints: {
    api: `${root}apps/api/src/main.ts`,
    worker: `${root}apps/worker/src/main.ts`,
    // The retrain worker and its command line (`node dist/retrainer.mjs [trigger|status|list|rejections]`); trains
    // with TensorFlow.js' pure-JS backends (tfjs-node, the native one, is optional and not in the image).
    retrainer: `${root}apps/retrainer/src/main.ts`,
    healthcheck: `${root}infra/docker/healthcheck.mjs`,
    // The API's CSV ingest thread (a worker_threads entry point): @mlops/batch looks for it beside its chunk or one up.
    'csv-ingest-thread': `${root}packages/batch/src/csv-ingest-thread.ts`,
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // api and worker share most code: one copy in shared chunks. Source maps without the sources (stack traces
  // name the original files and lines; the sources are in the repository).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  external: EXTERNAL,
  minifySyntax: true,
  minifyWhitespace: true,
  keepNames: true,
  // CommonJS dependencies bundled into ESM may call require(); give them one.
  // Bundled CommonJS code that finds files beside itself (tfjs' wasm binaries, BullMQ's package.json) uses __dirname,
  // which ES modules lack: the output file's folder (Node 20.11+).
  define: { __dirname: 'import.meta.dirname' },
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});

const external = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imp of output.imports) if (imp.external && !imp.path.startsWith('node:')) external.add(imp.path);
}
/**
 * Files that bundled modules read relative to their own URL (`new URL('../data/x.csv', import.meta.url)`): once bundled,
 * that URL is the chunk's, so each file is copied to the same relative place beside every output holding the module.
 * The wine CSVs (the retrainer's default data and the fixed evaluation set) and the training package's manifest
 * (the code version a retrained model's lineage records where there is no git checkout).
 */
const BESIDE = [
  { module: 'packages/dataset/src/paths.ts', files: { '../data/winequality-red.csv': 'packages/dataset/data/winequality-red.csv', '../data/winequality-white.csv': 'packages/dataset/data/winequality-white.csv' } },
  { module: 'packages/training/src/lineage.ts', files: { '../package.json': 'packages/training/package.json' } },
  // The wasm backend of TensorFlow.js loads its binary from `${__dirname}/<name>.wasm`.
  {
    module: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/',
    files: Object.fromEntries(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`./${f}`, `node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`])),
  },
];
const placed = [];
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  for (const { module, files } of BESIDE) {
    if (!Object.keys(meta.inputs).some((input) => resolve(input).startsWith(resolve(root, module)))) continue;
    for (const [relative, source] of Object.entries(files)) {
      const target = resolve(dirname(resolve(output)), relative);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(root, source), target);
      placed.push(target.slice(resolve(outdir).length + 1));
    }
  }
}
if (placed.length === 0) throw new Error(`none of ${BESIDE.map((b) => b.module).join(', ')} was bundled: check BESIDE`);

const runtime = [...external].filter((name) => EXTERNAL.includes(name) && !builtinModules.includes(name) && !name.startsWith('@valkey/')).sort();
await writeFile(`${outdir}/runtime-packages.json`, `${JSON.stringify(runtime)}\n`);
console.log(`bundled api, worker, retrainer, csv-ingest-thread and healthcheck into ${outdir}; beside them: ${[...new Set(placed)].join(', ')}; imported from node_modules at run time: ${runtime.join(', ')}`);
