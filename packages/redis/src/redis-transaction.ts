// Runs a MULTI and turns ioredis's per-command replies into one result or one thrown error.

import type { ChainableCommander } from 'ioredis';
import { TransactionAbortedError } from './errors';

/**
 * Runs a MULTI (`redis.multi()...`) and returns the replies in command order. ioredis reports a failed
 * command inside its reply instead of rejecting; this throws the first such error (a Redis `ReplyError`,
 * passed through unchanged) so a transaction cannot fail silently.
 * @throws TransactionAbortedError when Redis did not run the transaction (a `WATCH`ed key changed).
 * @example const [length] = await execOrThrow(redis.multi().hlen(key).expire(key, 60));
 */
export async function execOrThrow(tx: ChainableCommander): Promise<unknown[]> {
  const replies = await tx.exec();
  if (replies === null) throw new TransactionAbortedError();
  for (const [error] of replies) if (error) throw error;
  return replies.map(([, value]) => value);
}
