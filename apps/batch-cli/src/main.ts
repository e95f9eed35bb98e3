// Entry point of the batch CLI (`npm run batch -- <command>`): parses arguments, runs a command, sets the exit code.

import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { CliError } from './api-client';
import { cancelCommand, resultsCommand, statusCommand, submitCommand, type CliIo } from './commands';
import { tokenStorePath, TokenStore } from './token-store';

const apiUrl = process.env.API_URL?.trim() || 'http://127.0.0.1:8080';
const io: CliIo = { out: process.stdout, err: process.stderr, tokens: new TokenStore(tokenStorePath()) };
const format = new Option('--format <format>', 'results format').choices(['csv', 'jsonl']).default('csv');
const tokenOption = () =>
  new Option('--token <token>', `the batch's token (default: BATCH_TOKEN, else the one saved at submission in ${io.tokens.path})`).argParser((v) => {
    if (!/^[A-Za-z0-9_-]{32,200}$/.test(v)) throw new InvalidArgumentError('a token is 32-200 letters, digits, "_" or "-"');
    return v;
  });

async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    process.stderr.write(`${pc.red('error:')} ${error instanceof CliError ? error.message : (error as Error).stack}\n`);
    process.exitCode = 1;
  }
}

const program = new Command('batch')
  .description(`Batch-score wines with the API at ${apiUrl} (set API_URL to change it)`)
  .showHelpAfterError();

program
  .command('submit')
  .description('upload a CSV (streamed) for scoring')
  .argument('<file>', 'CSV with a header naming the 11 features')
  .option('--wait', 'show progress until the batch is done, then print or save the results')
  .option('--out <file>', 'write the results to this file (implies --wait)')
  .option('--batch-id <id>', 'your own id: resubmitting it does not score the file twice', (v) => {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(v)) throw new InvalidArgumentError('use 1-100 letters, digits, "_" or "-"');
    return v;
  })
  .addOption(tokenOption())
  .addOption(format)
  .action((file: string, opts: { wait?: boolean; out?: string; batchId?: string; token?: string; format: 'csv' | 'jsonl' }) => run(() => submitCommand(apiUrl, file, opts, io)));

program
  .command('status')
  .description('show the state, progress and failed rows of a batch')
  .argument('<id>')
  .addOption(tokenOption())
  .action((id: string, opts: { token?: string }) => run(() => statusCommand(apiUrl, id, opts, io)));

program
  .command('results')
  .description('download the results of a completed batch, in row order')
  .argument('<id>')
  .option('--out <file>', 'write to this file instead of stdout')
  .addOption(format)
  .addOption(tokenOption())
  .action((id: string, opts: { out?: string; format: 'csv' | 'jsonl'; token?: string }) => run(() => resultsCommand(apiUrl, id, opts, io)));

program
  .command('cancel')
  .description('cancel a batch: workers skip its remaining chunks')
  .argument('<id>')
  .addOption(tokenOption())
  .action((id: string, opts: { token?: string }) => run(() => cancelCommand(apiUrl, id, opts, io)));

await program.parseAsync();
