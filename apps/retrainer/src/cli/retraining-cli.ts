// `npm run retrainer -- <command>`: trigger, status, list, rejections; errors become one line and an exit code.

import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { modelRepositoryFromEnv } from '@mlops/model-store';
import { createProducerConnection, redactRedisUrl, redisUrlFromEnv } from '@mlops/redis';
import { createRetrainQueue } from '@mlops/retraining/retrain-queue';
import { DEFAULT_RETRAINING_SPACE, RETRAIN_JOB_ID_PATTERN } from '@mlops/retraining/retraining-space';
import { closeAll, defaultRequester, listCommand, rejectionsCommand, statusCommand, triggerCommand, UnknownJobError, waitForJob } from './commands';

/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 ok (and a registered candidate), 1 failure (a failed job), 2 bad arguments, 3 unknown job, 4 rejected by the gate. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, rejected: 4 } as const;

const count = (max: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}, got "${value.slice(0, 20)}"`);
  return n;
};
const jobId = (value: string): string => {
  if (!RETRAIN_JOB_ID_PATTERN.test(value)) throw new InvalidArgumentError(`"${value.slice(0, 100)}" is not a retraining id (letters, digits, "_" or "-")`);
  return value;
};

/**
 * Runs `npm run retrainer -- <argv>` and returns its exit code.
 * @example process.exitCode = await runRetrainingCli(['status', 'manual-…'], { out, err, env: process.env });
 */
export async function runRetrainingCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env;
  const space = { queueName: env.RETRAIN_QUEUE || DEFAULT_RETRAINING_SPACE.queueName, prefix: env.RETRAIN_PREFIX || DEFAULT_RETRAINING_SPACE.prefix };
  const redisUrl = redisUrlFromEnv(env);
  let code: number = EXIT.ok;
  // Connected on first use: `rejections` and --help need no Redis.
  let connection: { redis: ReturnType<typeof createProducerConnection>; queue: ReturnType<typeof createRetrainQueue> } | undefined;
  const queue = async () => {
    if (!connection) {
      const redis = createProducerConnection(redisUrl, { redisOptions: { enableOfflineQueue: true, maxRetriesPerRequest: 2 } });
      const queue = createRetrainQueue(redis, space);
      queue.on('error', () => {});
      connection = { redis, queue };
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`cannot reach Redis at ${redactRedisUrl(redisUrl)} within 3 s; start Redis or set REDIS_URL`)), 3000);
        redis.once('ready', () => {
          clearTimeout(timer);
          ok();
        });
      });
    }
    return connection.queue;
  };
  const program = new Command('retrainer')
    .description('Retraining jobs: start one, follow it, list them, and the candidates the gate rejected. Without a command: the worker process.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\nReads REDIS_URL, RETRAIN_QUEUE, RETRAIN_PREFIX and MODEL_REPOSITORY as the worker does.\nExit codes: 0 ok or registered, 1 failure or a failed job, 2 bad arguments, 3 unknown job, 4 rejected by the gate.`);
  const finish = (final: { state: string; result: { status: string } | null }) => {
    if (final.state === 'failed') code = EXIT.failure;
    else if (final.result?.status === 'rejected') code = EXIT.rejected;
  };

  program
    .command('trigger')
    .description('start a retraining by hand (the same job as the drift alert starts)')
    .requiredOption('--reason <text>', 'why now (kept with the job; up to 300 characters)')
    .option('--model <name>', 'the model to retrain', 'wine-quality')
    .option('--requested-by <name>', 'who asks (default: user@host)')
    .option('--idempotency-key <key>', 'repeat the command safely: the same key finds the same job')
    .option('--wait', 'follow the job until it finishes', false)
    .action(async (o: { reason: string; model: string; requestedBy?: string; idempotencyKey?: string; wait: boolean }) => {
      if (o.reason.trim() === '' || o.reason.length > 300) throw new InvalidArgumentError('--reason must be 1 to 300 characters');
      if (o.idempotencyKey !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(o.idempotencyKey)) throw new InvalidArgumentError('--idempotency-key must be 1-100 letters, digits, "_", "-" or "."');
      const q = await queue();
      const { jobId: id, text } = await triggerCommand(q, { model: o.model, reason: o.reason.trim(), requestedBy: o.requestedBy ?? defaultRequester(), ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}) });
      io.out(`${text}\n`);
      if (o.wait) finish(await waitForJob(q, id, (line) => io.out(`${line}\n`)));
    });
  program
    .command('status')
    .description('one retraining: trigger, state, epoch, verdict, the gate\'s checks and the figures')
    .argument('<job>', 'the job id trigger printed', jobId)
    .option('--wait', 'follow the job until it finishes', false)
    .action(async (id: string, o: { wait: boolean }) => {
      const q = await queue();
      if (o.wait) finish(await waitForJob(q, id, (line) => io.out(`${line}\n`)));
      const { status, text } = await statusCommand(q, id);
      io.out(`${text}\n`);
      if (!o.wait) finish(status);
    });
  program
    .command('list')
    .description('recent retrainings, newest first')
    .option('--limit <n>', 'at most this many', count(1000), 20)
    .action(async (o: { limit: number }) => io.out(`${await listCommand(await queue(), o.limit)}\n`));
  program
    .command('rejections')
    .description('candidates the gate rejected, with its reasons')
    .option('--model <name>', 'the model', 'wine-quality')
    .option('--repository <dir>', 'model repository (default: $MODEL_REPOSITORY or <repo root>/models)')
    .option('--limit <n>', 'the last this many', count(1000), 20)
    .action(async (o: { model: string; repository?: string; limit: number }) => {
      const repository = o.repository ? resolve(env.INIT_CWD || process.cwd(), o.repository) : modelRepositoryFromEnv(env);
      io.out(`${await rejectionsCommand(repository, o.model, o.limit)}\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof InvalidArgumentError) {
      io.err(`retrainer: ${error.message}\n`);
      code = EXIT.usage;
    } else if (error instanceof UnknownJobError) {
      io.err(`retrainer: ${error.message}\n`);
      code = EXIT.notFound;
    } else {
      io.err(`retrainer: ${(error as Error).message}\n`);
      code = EXIT.failure;
    }
  } finally {
    if (connection) await closeAll(connection.queue, connection.redis);
  }
  return code;
}
