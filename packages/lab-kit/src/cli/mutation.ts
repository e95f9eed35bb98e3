// `npm run labs:mutation [-- NN ...]`: mutation-tests each lab's solution regions with its own tests and prints a table.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { mutationReportDir, strykerConfig } from '../authoring/mutation-config';
import { readEquivalents, readMutants, summariseMutants, survivorsMarkdown, type MutationSummary } from '../authoring/mutation-report';
import { findLab, findLabs, repoRoot, type Lab } from '../runtime/lab-metadata';

/** The course's goal for every lab. */
const GOAL = 90;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { concurrency: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: npm run labs:mutation [-- [--concurrency N] [lab ...]]\nMutates the solution regions of each lab\'s reference (all labs by default) and runs the lab\'s tests against each mutant.');
  process.exit(0);
}
const root = repoRoot();
const labs = positionals.length > 0 ? positionals.map((id) => findLab(id, root)) : findLabs(root);
const concurrency = values.concurrency === undefined ? 2 : Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a whole number >= 1, got "${values.concurrency}"`);

const summaries: MutationSummary[] = [];
let ok = true;
for (const lab of labs) {
  console.log(pc.bold(`\nlab ${lab.id} ${lab.title}: mutating the solution regions (reference files are changed in place while this runs)`));
  const summary = await mutateLab(lab, concurrency).catch((error: Error) => {
    console.error(pc.red(`lab ${lab.id}: ${error.message}`));
    ok = false;
    return undefined;
  });
  if (!summary) continue;
  summaries.push(summary);
  if (summary.score < GOAL) ok = false;
}
console.log(`\n${table(summaries)}`);
process.exitCode = ok ? 0 : 1;

async function mutateLab(lab: Lab, workers: number): Promise<MutationSummary> {
  const dir = mutationReportDir(lab);
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'stryker.config.json');
  writeFileSync(configFile, `${JSON.stringify(strykerConfig(lab, { concurrency: workers }), null, 2)}\n`);
  // tsx in every Stryker process lets vitest's config loader import @mlops/lab-kit's TypeScript.
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();
  const code = await run(process.execPath, [strykerBin(), 'run', relative(root, configFile)], {
    ...process.env,
    NODE_OPTIONS: nodeOptions,
    LAB_TARGET: 'reference',
    LAB_SUITE: 'lab',
  });
  if (code !== 0) throw new Error(`Stryker exited with code ${code}; see its output above`);
  const mutants = readMutants(readFileSync(join(dir, 'mutation.json'), 'utf8'), lab);
  const summary = summariseMutants(lab, mutants, readEquivalents(lab));
  const survivorsFile = join(dir, 'survivors.md');
  writeFileSync(survivorsFile, survivorsMarkdown(summary));
  console.log(`survivors: ${relative(root, survivorsFile)}`);
  for (const stale of summary.staleEquivalents) {
    console.log(pc.yellow(`stale entry in ${lab.relDir}/equivalent-mutants.json (matches no survivor): ${stale.file} ${stale.mutator} ${stale.original} → ${stale.replacement}`));
  }
  return summary;
}

function table(rows: readonly MutationSummary[]): string {
  const head = ['lab', 'mutants', 'killed', 'survived', 'equivalent', 'invalid', 'score', `goal >= ${GOAL}%`];
  const body = rows.map((s) => [
    s.lab,
    String(s.mutants),
    String(s.killed),
    String(s.survived.length),
    String(s.equivalent),
    String(s.invalid),
    `${s.score.toFixed(1)}%`,
    s.score >= GOAL ? 'met' : 'NOT met',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

function strykerBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
