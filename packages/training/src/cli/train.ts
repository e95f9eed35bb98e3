// `npm run train`: trains the wine-quality model, prints an evaluation, writes a new version to the model repository.

import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ModelStoreError, assertModelName, assertVersion, modelRepositoryFromEnv, nextVersion, readAliases, writeModelVersion } from '@mlops/model-store';
import type { BackendName } from '../backend';
import { trainingCurveSvg } from '../training-curve-svg';
import { createEpochProgress } from './epoch-progress';
import { formatEvaluationReport } from './evaluation-report';
import { repositoryWriteProblem } from './repository-access';

const integer = (min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}, got "${value}"`);
  return n;
};

const program = new Command('train')
  .description('Train the wine-quality MLP on the red wines, evaluate it and write a new model version.')
  .option('--seed <n>', 'seed of the split, initial weights and shuffles', integer(0), 42)
  .option('--epochs <n>', 'maximum epochs (early stopping usually ends sooner)', integer(1), 200)
  .option('--patience <n>', 'epochs without a better validation loss before stopping', integer(1), 20)
  .option('--name <name>', 'model name in the repository', 'wine-quality')
  .option('--repository <dir>', 'model repository folder (default: $MODEL_REPOSITORY or <repo root>/models)')
  .option('--model-version <n>', 'version to write (default: one past the latest)')
  .option('--force', 'overwrite --model-version if it already exists', false)
  .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'));

async function main(): Promise<void> {
  const opts = program.parse().opts<{
    seed: number; epochs: number; patience: number; name: string; repository?: string; modelVersion?: string; force: boolean; backend: BackendName | 'auto';
  }>();
  // npm run -w changes the cwd to the package; INIT_CWD is where the user typed the command.
  const repository = opts.repository ? resolve(process.env.INIT_CWD || process.cwd(), opts.repository) : modelRepositoryFromEnv();
  assertModelName(opts.name);
  if (opts.modelVersion !== undefined) assertVersion(opts.modelVersion);
  await assertWritable(repository);
  const version = opts.modelVersion ?? (await nextVersion(repository, opts.name));
  // Fail before training, not after: an existing version needs --force.
  if (!opts.force && opts.modelVersion !== undefined && (await access(resolve(repository, opts.name, version)).then(() => true, () => false))) {
    throw new CliError(`${opts.name}/${version} already exists in ${repository}; pass --force to overwrite it, or omit --model-version`);
  }

  // tfjs takes seconds to load: only once the checks above have passed.
  const [{ selectBackend }, { trainWineModel }, { buildWineManifest }, { trainingLineage, formatFixedEvaluation }] = await Promise.all([
    import('../backend'),
    import('../train-wine-model'),
    import('../wine-manifest'),
    import('./training-lineage'),
  ]);
  const backend = await selectBackend(opts.backend);
  console.log(`tfjs backend: ${backend}${backend === 'tensorflow' ? '' : ' (@tensorflow/tfjs-node not installed)'}`);
  console.log(`training ${opts.name} v${version}: seed ${opts.seed}, up to ${opts.epochs} epochs, patience ${opts.patience}`);
  const started = performance.now();
  const progress = createEpochProgress(opts.epochs);
  const run = await trainWineModel({ seed: opts.seed, epochs: opts.epochs, patience: opts.patience, onEpoch: progress.onEpoch }).finally(() => progress.stop());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const stop = run.stoppedEarly ? `early stopping after ${run.history.length} epochs` : `${run.history.length} epochs`;
  console.log(`${stop}; kept the weights of epoch ${run.bestEpoch} (best validation loss); ${seconds} s\n`);
  console.log(formatEvaluationReport(run.evaluation, run.baseline));

  const lineage = await trainingLineage(run, { repository, name: opts.name, version });
  console.log(`\n${formatFixedEvaluation(lineage.evaluation)}`);
  const manifest = buildWineManifest(run, { name: opts.name, version, backend, lineage });
  const svg = trainingCurveSvg(run.history, { bestEpoch: run.bestEpoch, title: `${opts.name} v${version}: loss per epoch` });
  const written = await writeModelVersion(repository, opts.name, { onnxBytes: run.onnxBytes, manifest, extraFiles: { 'training-curve.svg': svg } }, { force: opts.force });
  run.model.dispose();
  console.log(`\nwrote ${written.modelPath}\n  sha256 ${written.manifest.sha256}\n  ${written.manifestPath}\n  ${written.directory}/training-curve.svg`);
  const dirty = lineage.code.dirty ? ' (uncommitted changes in the training code)' : '';
  console.log(`lineage: parent ${lineage.parentVersion ?? 'none'}, code ${lineage.code.version}${dirty}, data ${lineage.data.map((d) => d.path).join(', ')}`);
  const { production } = (await readAliases(repository, opts.name)).aliases;
  if (production !== undefined && production !== version) {
    console.log(`production is still v${production}; to try v${version}: npm run models -- promote ${opts.name}/${version} --to candidate --reason "..."`);
  }
}

class CliError extends Error {}

// Checked before training and without creating folders; writeModelVersion creates them once there is a model.
async function assertWritable(repository: string): Promise<void> {
  const problem = await repositoryWriteProblem(repository);
  if (problem) throw new CliError(`cannot write to the model repository ${repository} (${problem}); pass --repository <dir> or set MODEL_REPOSITORY`);
}

main().catch((error: unknown) => {
  const known = error instanceof CliError || error instanceof ModelStoreError;
  console.error(`train: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
