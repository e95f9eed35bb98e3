// Keeps the token of each batch this user submitted (a private JSON file), so status, results and cancel can prove ownership.

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './api-client';

/** Most tokens kept; the oldest go first (batches expire after a day anyway). */
const MAX_ENTRIES = 1000;

/**
 * Where tokens are kept: `BATCH_TOKENS_FILE`, else `$XDG_CONFIG_HOME/mlops-batch/tokens.json` (default `~/.config`).
 * @example tokenStorePath({}) // '/home/me/.config/mlops-batch/tokens.json'
 */
export function tokenStorePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BATCH_TOKENS_FILE?.trim()) return env.BATCH_TOKENS_FILE.trim();
  return join(env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'), 'mlops-batch', 'tokens.json');
}

/** A new batch token: 32 random bytes, base64url, as the API makes them. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The tokens of one user's batches, per API and batch id, in a file only that user can read (mode 0600). */
export class TokenStore {
  constructor(readonly path: string) {}

  private async entries(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw new CliError(`cannot read the batch tokens in ${this.path} (${(error as Error).message}); fix or delete the file`);
    }
  }

  /** The token saved for `batchId` on `apiUrl`, if any. */
  async get(apiUrl: string, batchId: string): Promise<string | undefined> {
    return (await this.entries())[`${apiUrl} ${batchId}`];
  }

  /** Saves a token (written to a temporary file, then renamed: a crash never leaves half a file). */
  async set(apiUrl: string, batchId: string, token: string): Promise<void> {
    const entries = await this.entries();
    const key = `${apiUrl} ${batchId}`;
    delete entries[key];
    entries[key] = token;
    const kept = Object.entries(entries).slice(-MAX_ENTRIES);
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.path);
  }
}
