// Reading Stryker's JSON report for a lab: counts, the score, equivalent mutants listed by the lab, and the survivors.

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Lab } from '../runtime/lab-metadata';

/** One mutant as the lab needs it: where, what, and its status. */
export interface Mutant {
  /** Lab file (as in lab.json `files`), e.g. `validate-prediction.ts`. */
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** The source text the mutant replaces. */
  readonly original: string;
  readonly replacement: string;
  /** Stryker's status: Killed, Survived, NoCoverage, Timeout, CompileError, RuntimeError, Ignored. */
  readonly status: string;
}

/** `labs/NN/equivalent-mutants.json`: survivors no test can kill, each with a one-line reason. */
export const equivalentMutantsSchema = z.array(
  z.object({
    file: z.string().min(1),
    mutator: z.string().min(1),
    original: z.string(),
    replacement: z.string(),
    reason: z.string().min(10, 'say in one line why no observable behaviour differs'),
  }),
);
/** One listed equivalent mutant. */
export type EquivalentMutant = z.infer<typeof equivalentMutantsSchema>[number];

/** The result of one lab's mutation run. */
export interface MutationSummary {
  readonly lab: string;
  readonly mutants: number;
  /** Killed or timed out: a test noticed. */
  readonly killed: number;
  /** Survived or not covered, and not listed as equivalent. */
  readonly survived: readonly Mutant[];
  /** Survivors the lab lists as equivalent. */
  readonly equivalent: number;
  /** Mutants that did not compile or crashed the run: not counted in the score. */
  readonly invalid: number;
  /** killed / (killed + survived), in percent; 100 when nothing counts. */
  readonly score: number;
  /** Entries of equivalent-mutants.json that match no surviving mutant (stale: remove them). */
  readonly staleEquivalents: readonly EquivalentMutant[];
}

const reportSchema = z.object({
  files: z.record(
    z.string(),
    z.object({
      source: z.string(),
      mutants: z.array(
        z.object({
          mutatorName: z.string(),
          replacement: z.string().optional(),
          status: z.string(),
          location: z.object({ start: z.object({ line: z.number(), column: z.number() }), end: z.object({ line: z.number(), column: z.number() }) }),
        }),
      ),
    }),
  ),
});

/** The mutants of a Stryker JSON report (mutation-testing-report-schema), named by lab file. */
export function readMutants(reportText: string, lab: Lab): Mutant[] {
  const report = reportSchema.parse(JSON.parse(reportText));
  return Object.entries(report.files).flatMap(([path, file]) => {
    const lines = file.source.split('\n');
    const labFile = lab.files.find((f) => path.split('\\').join('/').endsWith(`/${f}`)) ?? basename(path);
    return file.mutants.map((m) => ({
      file: labFile,
      line: m.location.start.line,
      mutator: m.mutatorName,
      original: sliceSource(lines, m.location.start, m.location.end),
      replacement: m.replacement ?? '',
      status: m.status,
    }));
  });
}

/** Reads `labs/NN/equivalent-mutants.json`; a missing file lists none. */
export function readEquivalents(lab: Lab): EquivalentMutant[] {
  const path = join(lab.dir, 'equivalent-mutants.json');
  if (!existsSync(path)) return [];
  const parsed = equivalentMutantsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${lab.relDir}/equivalent-mutants.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Counts a lab's mutants, takes out the listed equivalents and computes the score. */
export function summariseMutants(lab: Lab, mutants: readonly Mutant[], equivalents: readonly EquivalentMutant[]): MutationSummary {
  const detected = new Set(['Killed', 'Timeout']);
  const undetected = new Set(['Survived', 'NoCoverage']);
  const used = new Set<EquivalentMutant>();
  const survived: Mutant[] = [];
  let equivalent = 0;
  for (const m of mutants.filter((x) => undetected.has(x.status))) {
    const match = equivalents.find((e) => e.file === m.file && e.mutator === m.mutator && same(e.original, m.original) && same(e.replacement, m.replacement));
    if (match) {
      used.add(match);
      equivalent++;
    } else survived.push(m);
  }
  const killed = mutants.filter((m) => detected.has(m.status)).length;
  const invalid = mutants.filter((m) => !detected.has(m.status) && !undetected.has(m.status)).length;
  const counted = killed + survived.length;
  return {
    lab: lab.id,
    mutants: mutants.length,
    killed,
    survived,
    equivalent,
    invalid,
    score: counted === 0 ? 100 : (100 * killed) / counted,
    staleEquivalents: equivalents.filter((e) => !used.has(e)),
  };
}

/** The survivors as Markdown, ready to paste a line into equivalent-mutants.json or to write a test for. */
export function survivorsMarkdown(summary: MutationSummary): string {
  const rows = summary.survived.map(
    (m) => `| ${m.file}:${m.line} | ${m.mutator} | \`${oneLine(m.original)}\` | \`${oneLine(m.replacement)}\` | ${m.status} |`,
  );
  return [
    `# Lab ${summary.lab}: surviving mutants (${summary.survived.length})`,
    '',
    'Kill each with a lab test that a learner making this mistake would fail, or list it in the lab\'s',
    'equivalent-mutants.json with a one-line reason.',
    '',
    '| where | mutator | original | replacement | status |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function sliceSource(lines: readonly string[], start: { line: number; column: number }, end: { line: number; column: number }): string {
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? '').slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = (lines[end.line - 1] ?? '').slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}

/** Compares code modulo whitespace, so reformatting does not unlist an equivalent mutant. */
function same(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return (flat.length > 120 ? `${flat.slice(0, 117)}...` : flat).replace(/\|/g, '\\|').replace(/`/g, "'");
}
