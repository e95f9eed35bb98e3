// `npm run models`: the command line (commander), its options and defaults, and errors turned into one line and an exit code.

import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ALIASES, modelRepositoryFromEnv } from '@mlops/model-store';
import { listCommand, promoteCommand, rollbackCommand, showCommand, unsetCommand, type ChangeOptions } from './commands';
import { EXIT, exitCodeOf } from './exit-codes';

/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Who changes an alias when `--actor` is not given: `$MODELS_ACTOR`, else `<user>@<host>`. */
export function defaultActor(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.MODELS_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host still says where the change came from.
  }
  return `${user}@${hostname()}`.slice(0, 100);
}

const revision = (value: string): number => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`expected the revision number shown by "show", got "${value.slice(0, 20)}"`);
  return Number(value);
};

function changeOptions(command: Command): Command {
  return command
    .requiredOption('--reason <text>', 'why (kept in the alias history; up to 500 characters)')
    .option('--actor <name>', 'who (default: $MODELS_ACTOR, else user@host)')
    .option('--expect-revision <n>', 'refuse the change unless the aliases are still at this revision (compare-and-swap)', revision);
}

/**
 * Runs `npm run models -- <argv>` and returns its exit code (see `EXIT` in exit-codes.ts).
 * @example process.exitCode = await runModelsCli(process.argv.slice(2), { out, err, env: process.env });
 */
export async function runModelsCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const run = (action: () => Promise<string>) => async () => {
    io.out(`${await action()}\n`);
  };
  const program = new Command('models')
    .description('Model versions, their lineage, and the production / candidate aliases of the model repository.')
    .option('--repository <dir>', 'model repository (default: $MODEL_REPOSITORY or <repo root>/models)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nExit codes: 0 ok, 1 unexpected failure, 2 bad arguments, 3 unknown model/version or alias not set, 4 conflict (aliases changed meanwhile, lock held, nothing to roll back to), 5 file does not match its checksum or cannot be read.');
  // npm run changes the cwd; INIT_CWD is where the command was typed.
  const repository = (): string => {
    const dir = program.opts<{ repository?: string }>().repository;
    return dir ? resolve(io.env.INIT_CWD || process.cwd(), dir) : modelRepositoryFromEnv(io.env);
  };
  const author = (opts: { reason: string; actor?: string; expectRevision?: number }): ChangeOptions => ({
    reason: opts.reason,
    actor: opts.actor ?? defaultActor(io.env),
    expectRevision: opts.expectRevision,
  });

  program
    .command('list')
    .description('every model with its number of versions, latest version and aliases')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => run(() => listCommand(repository(), Boolean(opts.json)))());
  program
    .command('show')
    .description('a model: its versions with figures and lineage, and its alias history; or one version in full')
    .argument('<name[/version]>', 'e.g. wine-quality or wine-quality/1')
    .option('--json', 'print JSON')
    .action((spec: string, opts: { json?: boolean }) => run(() => showCommand(repository(), spec, Boolean(opts.json)))());
  changeOptions(
    program
      .command('promote')
      .description('point an alias at a version (its model.onnx is checked against its manifest first)')
      .argument('<name/version>', 'e.g. wine-quality/2')
      .addOption(new Option('--to <alias>', 'the alias to move').choices(ALIASES).makeOptionMandatory()),
  ).action((spec: string, opts: { to: string; reason: string; actor?: string; expectRevision?: number }) => run(() => promoteCommand(repository(), spec, opts.to, author(opts)))());
  changeOptions(
    program
      .command('unset')
      .description('remove the candidate alias (e.g. after a rejected canary); production is never unset')
      .argument('<name>', 'e.g. wine-quality')
      .argument('<alias>', 'candidate'),
  ).action((spec: string, alias: string, opts: { reason: string; actor?: string; expectRevision?: number }) => run(() => unsetCommand(repository(), spec, alias, author(opts)))());
  changeOptions(
    program
      .command('rollback')
      .description('move production back to the previous production version that was not rolled back')
      .argument('<name>', 'e.g. wine-quality'),
  ).action((spec: string, opts: { reason: string; actor?: string; expectRevision?: number }) => run(() => rollbackCommand(repository(), spec, author(opts)))());

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander already printed its message.
      code = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    } else {
      code = exitCodeOf(error);
      const message = (error as Error).message ?? String(error);
      // A file-system error (ENOTDIR, EACCES...) is about the path given, not a bug: one line is enough.
      const systemError = typeof (error as NodeJS.ErrnoException).syscall === 'string';
      io.err(`models: ${code === EXIT.failure && !systemError ? ((error as Error).stack ?? message) : message}\n`);
    }
  }
  return code;
}
