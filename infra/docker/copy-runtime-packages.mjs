// Copies the packages the bundles import at run time (dist/runtime-packages.json), with their dependencies,
// from a production node_modules into a fresh folder: the serving image gets exactly these and nothing else.
// Usage: node copy-runtime-packages.mjs <node_modules> <runtime-packages.json> <out node_modules>
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Dependencies a package declares but needs only in its install script, which the image build skips. */
const INSTALL_ONLY = { 'onnxruntime-node': ['adm-zip', 'global-agent'] };

const [from, listFile, to] = process.argv.slice(2);
if (!from || !listFile || !to) {
  console.error('usage: copy-runtime-packages.mjs <node_modules> <runtime-packages.json> <out node_modules>');
  process.exit(2);
}

const copied = new Set();
const missing = [];

/** Copies `name` as resolved from `dir` (its own nested node_modules first, then the top level). */
function copy(name, nestedIn, optional) {
  const candidates = [...(nestedIn ? [join(nestedIn, 'node_modules', name)] : []), join(from, name)];
  const source = candidates.find((c) => existsSync(join(c, 'package.json')));
  if (!source) {
    if (!optional) missing.push(name);
    return;
  }
  if (copied.has(source)) return;
  copied.add(source);
  cpSync(source, join(to, source.slice(from.length)), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const skip = new Set(INSTALL_ONLY[manifest.name] ?? []);
  for (const dep of Object.keys(manifest.dependencies ?? {})) if (!skip.has(dep)) copy(dep, source, false);
  // Optional dependencies are the platform binaries npm installed for this platform only (e.g. msgpackr-extract).
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) copy(dep, source, true);
}

for (const name of JSON.parse(readFileSync(listFile, 'utf8'))) copy(name, undefined, false);
if (missing.length > 0) {
  console.error(`missing in ${from}: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`copied ${copied.size} packages: ${[...copied].map((s) => s.slice(from.length + 1)).join(', ')}`);
