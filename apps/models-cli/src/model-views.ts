// What `list` and `show` print: models with their aliases, versions with lineage and figures, one version in full, alias history.

import type { AliasHistoryEntry, AliasState, ModelManifest } from '@mlops/model-store';
import { formatFields, formatTable, NONE, shortTime } from './table';

/** One row of `list`. */
export interface ModelSummary {
  readonly name: string;
  readonly versions: readonly string[];
  readonly aliases: AliasState;
}

/** A version of a model with its manifest (undefined when the manifest could not be read) and its problem if any. */
export interface VersionSummary {
  readonly version: string;
  readonly manifest?: ModelManifest;
  readonly problem?: string;
}

const f3 = (v: number | undefined): string => (v === undefined ? NONE : v.toFixed(3));
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const short = (hex: string | undefined, n = 8): string => (hex === undefined ? NONE : hex.slice(0, n));

function aliasesOf(version: string, state: AliasState): string {
  const names = Object.entries(state.aliases).filter(([, v]) => v === version).map(([alias]) => alias);
  return names.length === 0 ? NONE : names.join(',');
}

/** `list`: one line per model. */
export function formatModelList(models: readonly ModelSummary[], repository: string): string {
  if (models.length === 0) return `no models in ${repository}; train one with: npm run train`;
  const rows = models.map((m) => [
    m.name,
    String(m.versions.length),
    m.versions.at(-1) ?? NONE,
    m.aliases.aliases.production ?? NONE,
    m.aliases.aliases.candidate ?? NONE,
    String(m.aliases.revision),
    shortTime(m.aliases.updated),
  ]);
  return formatTable([['model', 'versions', 'latest', 'production', 'candidate', 'revision', 'aliases changed'], ...rows]);
}

/** `show <name>`: one line per version, with its test and fixed-evaluation figures and its lineage in short. */
export function formatVersionTable(versions: readonly VersionSummary[], state: AliasState): string {
  const populations = [...new Set(versions.flatMap((v) => Object.keys(v.manifest?.lineage?.evaluation.populations ?? {})))];
  const header = ['version', 'aliases', 'created', 'test F1', ...populations.map((p) => `${p} F1`), 'eval set', 'parent', 'seed', 'code', 'sha256'];
  const rows = versions.map(({ version, manifest }) => {
    const aliases = aliasesOf(version, state);
    if (!manifest) return [version, aliases, 'unreadable (below)'];
    const lineage = manifest.lineage;
    const figures = populations.map((p) => f3(lineage?.evaluation.populations[p]?.macroF1));
    const code = lineage ? `${lineage.code.source === 'git' ? short(lineage.code.version, 7) : lineage.code.version}${lineage.code.dirty ? '+dirty' : ''}` : NONE;
    return [
      version,
      aliases,
      shortTime(manifest.created),
      f3(manifest.metrics.macroF1),
      ...figures,
      lineage?.evaluation.id ?? NONE,
      lineage ? (lineage.parentVersion ?? NONE) : NONE,
      String(lineage?.seed ?? manifest.training.seed),
      code,
      short(manifest.sha256),
    ];
  });
  const problems = versions.filter((v) => !v.manifest).map((v) => `  ${v.version}: ${v.problem ?? 'unknown problem'}`);
  const table = formatTable([header, ...rows]);
  return problems.length === 0 ? table : `${table}\n\nunreadable versions:\n${problems.join('\n')}`;
}

/** The alias history, newest last. */
export function formatHistory(entries: readonly AliasHistoryEntry[]): string {
  if (entries.length === 0) return 'no alias changes yet';
  const rows = entries.map((e) => [String(e.revision), shortTime(e.at), e.actor, e.action, e.alias, e.from ?? NONE, e.to ?? NONE, e.reason]);
  return formatTable([['rev', 'when', 'actor', 'action', 'alias', 'from', 'to', 'reason'], ...rows]);
}

/** `show <name>/<version>`: everything the manifest says about where the version comes from and how good it is. */
export function formatVersionDetail(manifest: ModelManifest, state: AliasState, checksum: string): string {
  const m = manifest.metrics;
  const lines: [string, string][] = [
    ['aliases', aliasesOf(manifest.version, state)],
    ['created', manifest.created],
    ['sha256', `${manifest.sha256} (${checksum})`],
    ['trained with', `tfjs ${manifest.framework.tfjsVersion} on ${manifest.framework.trainingBackend}, ${manifest.training.epochsRun} epochs, hidden ${manifest.training.hiddenUnits.join('-')}`],
    ['test split', `${m.rows} rows: accuracy ${pct(m.accuracy)}, macro-F1 ${f3(m.macroF1)} (majority baseline ${f3(m.baseline.macroF1)})`],
  ];
  const lineage = manifest.lineage;
  if (!lineage) {
    lines.push(['lineage', 'not recorded (written before lineage existed)']);
    return `${manifest.name}/${manifest.version}\n${formatFields(lines)}`;
  }
  lines.push(
    ['seed', String(lineage.seed)],
    ['code', `${lineage.code.version} (${lineage.code.source}${lineage.code.dirty ? ', uncommitted changes' : ''})`],
    ['parent', lineage.parentVersion ?? 'none (first version)'],
    ...lineage.data.map((d, i): [string, string] => [i === 0 ? 'trained on' : '', `${d.path} (${d.rows} rows, sha256 ${short(d.sha256, 12)})`]),
    ['evaluation set', `${lineage.evaluation.id} (rows sha256 ${short(lineage.evaluation.sha256, 12)})`],
  );
  const evaluation = Object.entries(lineage.evaluation.populations).map(([p, e]) => [p, String(e.rows), pct(e.accuracy), f3(e.macroF1)]);
  return [
    `${manifest.name}/${manifest.version}`,
    formatFields(lines),
    '',
    `fixed evaluation set ${lineage.evaluation.id}`,
    formatTable([['population', 'rows', 'accuracy', 'macro-F1'], ...evaluation]),
  ].join('\n');
}
