// Bundles the API, the worker, the CSV ingest thread and the container health check into dist/*.mjs with esbuild, dependencies included,
// except the packages that must stay on disk (native binaries); writes their names to dist/runtime-packages.json.
import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
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
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});

const external = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imp of output.imports) if (imp.external && !imp.path.startsWith('node:')) external.add(imp.path);
}
const runtime = [...external].filter((name) => EXTERNAL.includes(name) && !builtinModules.includes(name) && !name.startsWith('@valkey/')).sort();
await writeFile(`${outdir}/runtime-packages.json`, `${JSON.stringify(runtime)}\n`);
console.log(`bundled api, worker, csv-ingest-thread and healthcheck into ${outdir}; imported from node_modules at run time: ${runtime.join(', ')}`);
