// The retraining commands: trigger a job, show one, list recent ones, list rejected candidates.

import { hostname, userInfo } from 'node:os';
import type { Redis } from 'ioredis';
import { readRetrainStatus, type RetrainStatus } from '@mlops/retraining/job-status';
import { readRejections } from '@mlops/retraining/rejection-log';
import { enqueueRetrain, retrainJobId, type RetrainQueue } from '@mlops/retraining/retrain-queue';
import { formatJobs, formatRejections, formatStatus, describeProgress, describeVerdict } from './views';

/** Thrown for a job that does not exist (exit code 3). */
export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
}

/** Who asks when `--requested-by` is not given: `<user>@<host>`. */
export function defaultRequester(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host still says where the request came from.
  }
  return `${user}@${hostname()}`.slice(0, 100);
}

/** Enqueues a manual retraining (or finds the one its idempotency key names). */
export async function triggerCommand(queue: RetrainQueue, options: { model: string; reason: string; requestedBy: string; idempotencyKey?: string }): Promise<{ jobId: string; text: string }> {
  const jobId = retrainJobId({ kind: 'manual', ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }) }, options.model);
  const existing = options.idempotencyKey === undefined ? undefined : await queue.getJob(jobId);
  if (existing) return { jobId, text: `retraining ${jobId} exists already for this idempotency key (npm run retrainer -- status ${jobId})` };
  await enqueueRetrain(queue, { model: options.model, trigger: { kind: 'manual', requestedBy: options.requestedBy, reason: options.reason }, requestedAt: new Date().toISOString() }, jobId);
  return { jobId, text: `queued retraining ${jobId} of ${options.model} (npm run retrainer -- status ${jobId})` };
}

/** One job in full. @throws UnknownJobError */
export async function statusCommand(queue: RetrainQueue, id: string): Promise<{ status: RetrainStatus; text: string }> {
  const status = await readRetrainStatus(queue, id);
  if (!status) throw new UnknownJobError(`no retraining "${id}" (unknown, or removed 7 days after it finished); npm run retrainer -- list shows the recent ones`);
  return { status, text: formatStatus(status) };
}

/** The most recent jobs of every state, newest first. */
export async function listCommand(queue: RetrainQueue, limit: number): Promise<string> {
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'], 0, limit - 1);
  const statuses = (await Promise.all(jobs.map((j) => (j.id ? readRetrainStatus(queue, j.id) : undefined)))).filter((s): s is RetrainStatus => s !== undefined);
  statuses.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return formatJobs(statuses.slice(0, limit));
}

/** Rejected candidates of a model, from its rejection log. */
export async function rejectionsCommand(repository: string, model: string, limit: number): Promise<string> {
  return formatRejections((await readRejections(repository, model)).slice(-limit), model);
}

/**
 * Follows a job until it finishes, printing each change of progress; resolves with its final status.
 * Polls every `intervalMs` (a person watches it; the API and workers use events).
 */
export async function waitForJob(queue: RetrainQueue, id: string, print: (line: string) => void, intervalMs = 500): Promise<RetrainStatus> {
  let last = '';
  for (;;) {
    const { status } = await statusCommand(queue, id);
    const line = `${status.state}: ${describeProgress(status)}`;
    if (line !== last) print(line);
    last = line;
    if (status.state === 'completed' || status.state === 'failed') {
      print(describeVerdict(status));
      return status;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Closes what the commands used. */
export async function closeAll(queue: RetrainQueue, redis: Redis): Promise<void> {
  await queue.close().catch(() => {});
  redis.disconnect();
}
