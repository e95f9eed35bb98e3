// The aliases of a model (aliases.json) and their append-only history (alias-history.jsonl), as zod schemas.

import { z } from 'zod';
import { VERSION_PATTERN } from './manifest-schema';

/** Aliases a model version can carry, as MLflow's model-version aliases: the served one and the one on trial. */
export const ALIASES = ['production', 'candidate'] as const;
export type AliasName = (typeof ALIASES)[number];

/** True when `value` is one of {@link ALIASES}. */
export function isAlias(value: string): value is AliasName {
  return (ALIASES as readonly string[]).includes(value);
}

/** File names beside the version folders of a model. */
export const ALIASES_FILE = 'aliases.json';
export const ALIAS_HISTORY_FILE = 'alias-history.jsonl';
export const ALIASES_LOCK_FILE = '.aliases.lock';

/** Longest accepted reason and actor of a change. */
export const MAX_REASON_LENGTH = 500;
export const MAX_ACTOR_LENGTH = 100;

const Version = z.string().regex(VERSION_PATTERN);

/** aliases.json: which version each alias points to, and a revision that grows by one on every change. */
export const AliasStateSchema = z.object({
  revision: z.number().int().nonnegative(),
  aliases: z.object({ production: Version.optional(), candidate: Version.optional() }),
  /** ISO 8601 time of the last change. */
  updated: z.iso.datetime({ offset: true }).optional(),
});
export type AliasState = z.infer<typeof AliasStateSchema>;

/** One line of alias-history.jsonl: who moved which alias from where to where, when and why. */
export const AliasHistoryEntrySchema = z.object({
  /** The aliases.json revision this change produced. */
  revision: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(MAX_ACTOR_LENGTH),
  action: z.enum(['promote', 'rollback', 'unset']),
  alias: z.enum(ALIASES),
  from: Version.nullable(),
  to: Version.nullable(),
  reason: z.string().min(1).max(MAX_REASON_LENGTH),
});
export type AliasHistoryEntry = z.infer<typeof AliasHistoryEntrySchema>;
