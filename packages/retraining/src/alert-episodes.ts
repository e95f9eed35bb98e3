// One retraining per alert episode: the first notification of an episode claims it (SET NX with a TTL).

import type { Redis } from 'ioredis';
import { alertEpisodeKey, type RetrainingSpace } from './retraining-space';

/** How long an episode's claim is kept: longer than any episode is expected to fire. @defaultValue 7 days */
export const DEFAULT_EPISODE_TTL_SECONDS = 7 * 24 * 3600;

/** What a claim found: this caller claimed the episode, or another one did (and started `jobId`). */
export type EpisodeClaim = { readonly claimed: true } | { readonly claimed: false; readonly jobId: string };

/**
 * Claims alert episode `episode` for job `jobId`. Of any number of notifications of one episode, across processes,
 * exactly one claims it; the others learn which job it started.
 */
export async function claimAlertEpisode(redis: Redis, space: Pick<RetrainingSpace, 'prefix'>, episode: string, jobId: string, ttlSeconds = DEFAULT_EPISODE_TTL_SECONDS): Promise<EpisodeClaim> {
  const key = alertEpisodeKey(space, episode);
  if ((await redis.set(key, jobId, 'EX', ttlSeconds, 'NX')) === 'OK') return { claimed: true };
  return { claimed: false, jobId: (await redis.get(key)) ?? jobId };
}

/** Gives an episode back (its retraining could not be started), so a later notification starts it. */
export async function releaseAlertEpisode(redis: Redis, space: Pick<RetrainingSpace, 'prefix'>, episode: string): Promise<void> {
  await redis.del(alertEpisodeKey(space, episode));
}
