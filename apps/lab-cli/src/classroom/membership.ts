// The learner's class membership in .labs-state/classroom.json (gitignored): the classroom URL, code and their token.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '@mlops/lab-kit/engine';

/** What `lab join` remembers. */
export interface Membership {
  /** The classroom's URL, e.g. `http://192.168.1.23:8088`. */
  url: string;
  code: string;
  name: string;
  /** Public id of the learner's row. */
  id: string;
  /** Secret: proves to the classroom that a report is this learner's. */
  token: string;
  joinedAt: string;
  /** Set when the classroom stopped answering and the learner was told; cleared when it answers again. */
  unreachableSince?: string;
  /** Set when the classroom refused the token (removed, or a new class): reporting stops until the next join. */
  refused?: string;
}

const REQUIRED = ['url', 'code', 'name', 'id', 'token', 'joinedAt'] as const;

/** `<root>/.labs-state/classroom.json`. */
export function membershipFile(root: string): string {
  return join(stateDir(root), 'classroom.json');
}

/** The learner's membership, or undefined when they have not joined (or the file is unreadable). */
export function readMembership(root: string): Membership | undefined {
  const file = membershipFile(root);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return REQUIRED.every((key) => typeof data[key] === 'string') ? (data as unknown as Membership) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the membership atomically, readable by this user only (it holds the learner's token). */
export function writeMembership(root: string, membership: Membership): void {
  const dir = stateDir(root);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `classroom.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(membership, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, membershipFile(root));
}

/** Forgets the membership. */
export function removeMembership(root: string): void {
  rmSync(membershipFile(root), { force: true });
}
