// The class in Redis: its code and token, the learners, and each learner's latest result per lab.

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ClassFullError, ClassNotOpenError, NameTakenError } from './errors';
import type { LabRecord, LearnerView } from './room-types';
import { JOIN_SCRIPT, REMOVE_SCRIPT, REPORT_SCRIPT } from './room-scripts';
import { hashToken, newClassCode, newLearnerId, newToken } from './secrets';
import type { Report } from './wire-schemas';

/** Options of {@link RoomStore}. */
export interface RoomStoreOptions {
  /** Key prefix, e.g. `classroom:`. */
  readonly prefix: string;
  /** Seconds the class is kept after its last activity. */
  readonly ttlSeconds: number;
  readonly maxLearners: number;
  /** The classroom's clock in ms (tests move it). @defaultValue Date.now */
  readonly clock?: () => number;
}

/** The class's secrets and when it started. */
export interface ClassInfo {
  readonly code: string;
  readonly instructorToken: string;
  readonly createdAt: number;
  /** True when the class was already in Redis (a restarted classroom). */
  readonly resumed: boolean;
}

/** How to open the class. */
export interface OpenClassOptions {
  /** Forget the class in Redis and start a new one (new code, new token, no learners). */
  readonly fresh?: boolean;
  /** Use this code instead of the stored or a random one. */
  readonly code?: string;
  /** Use this instructor token instead of the stored or a random one. */
  readonly instructorToken?: string;
}

/** Reads and changes one class in Redis; every change is one atomic script. */
export class RoomStore {
  private info: ClassInfo | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RoomStoreOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  private key(name: string): string {
    return `${this.options.prefix}${name}`;
  }

  private learnerKey(id: string): string {
    return this.key(`learner:${id}`);
  }

  /** The open class. @throws ClassNotOpenError before {@link openClass}. */
  get class(): ClassInfo {
    if (!this.info) throw new ClassNotOpenError();
    return this.info;
  }

  /** Resumes the class stored under the prefix, or starts one; `fresh` deletes the old one first. */
  async openClass(options: OpenClassOptions = {}): Promise<ClassInfo> {
    const classKey = this.key('class');
    if (options.fresh) await this.deleteAll();
    const stored = await this.redis.hgetall(classKey);
    const resumed = Boolean(stored.code && stored.token);
    const info: ClassInfo = {
      code: options.code ?? (resumed ? stored.code! : newClassCode()),
      instructorToken: options.instructorToken ?? (resumed ? stored.token! : newToken()),
      createdAt: resumed ? Number(stored.createdAt) || this.clock() : this.clock(),
      resumed,
    };
    await this.redis
      .multi()
      .hset(classKey, { code: info.code, token: info.instructorToken, createdAt: info.createdAt })
      .expire(classKey, this.options.ttlSeconds)
      .exec();
    this.info = info;
    return info;
  }

  /**
   * Adds a learner; returns their row and their secret token (only its hash is stored).
   * @throws NameTakenError when another learner has the name (without case); ClassFullError at MAX_LEARNERS.
   */
  async join(name: string): Promise<{ learner: LearnerView; token: string }> {
    const id = newLearnerId();
    const token = newToken();
    const nameKey = name.normalize('NFKC').toLowerCase();
    const keys = [this.key('names'), this.key('learners'), this.learnerKey(id), this.key('tokens'), this.key('class')];
    const args = [nameKey, id, name, this.clock(), hashToken(token), this.options.ttlSeconds, this.options.maxLearners];
    const reply = await this.run(JOIN_SCRIPT, keys, args);
    if (reply === 'full') throw new ClassFullError(this.options.maxLearners);
    if (reply === 'taken') throw new NameTakenError(name);
    return { learner: toLearner(id, reply as string[]), token };
  }

  /** The learner a token belongs to, or undefined (unknown, or removed). */
  async learnerIdForToken(token: string): Promise<string | undefined> {
    return (await this.redis.hget(this.key('tokens'), hashToken(token))) ?? undefined;
  }

  /** Records a verify; returns the learner's new row, or undefined when they were removed meanwhile. */
  async report(id: string, report: Report): Promise<LearnerView | undefined> {
    const allPassed = report.total > 0 && report.passed === report.total;
    const record = {
      passed: report.passed,
      failed: report.failed,
      skipped: report.skipped,
      total: report.total,
      step: allPassed ? null : report.step,
      message: allPassed ? null : report.message,
      solved: report.solved,
      at: this.clock(),
    };
    // "Stuck" means: the same step of the same lab (or still no passing run) for a long time.
    const stepKey = allPassed ? 'passed' : `step ${report.step ?? '-'}`;
    const keys = [this.learnerKey(id), this.key('class'), this.key('learners'), this.key('names'), this.key('tokens')];
    const reply = await this.run(REPORT_SCRIPT, keys, [report.lab, stepKey, record.at, JSON.stringify(record), this.options.ttlSeconds]);
    return reply ? toLearner(id, reply as string[]) : undefined;
  }

  /** Removes a learner (leave, or the instructor's remove); their token stops working. True when they existed. */
  async remove(id: string): Promise<boolean> {
    const keys = [this.learnerKey(id), this.key('names'), this.key('learners'), this.key('tokens')];
    return (await this.run(REMOVE_SCRIPT, keys, [id])) === 1;
  }

  /** Every learner's row, in join order. */
  async learners(): Promise<LearnerView[]> {
    const ids = await this.redis.smembers(this.key('learners'));
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.learnerKey(id));
    const replies = (await pipeline.exec()) ?? [];
    const rows: LearnerView[] = [];
    replies.forEach(([error, hash], i) => {
      const fields = hash as Record<string, string>;
      if (!error && fields.name) rows.push(toLearner(ids[i]!, Object.entries(fields).flat()));
    });
    return rows.sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));
  }

  /** How many learners the class has. */
  async learnerCount(): Promise<number> {
    return this.redis.scard(this.key('learners'));
  }

  private async deleteAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.options.prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }

  /** EVALSHA, falling back to EVAL the first time a Redis sees the script. */
  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const sha = scriptSha(script);
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error).message)) throw error;
      return this.redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}

/** A learner row from their hash's fields (`[field, value, field, value, ...]`). */
function toLearner(id: string, flat: string[]): LearnerView {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
  const labs: Record<string, LabRecord> = {};
  for (const [field, value] of fields) {
    if (!field.startsWith('rec:')) continue;
    const lab = field.slice(4);
    const record = JSON.parse(value) as Omit<LabRecord, 'stepSince'>;
    labs[lab] = { ...record, stepSince: Number(fields.get(`since:${lab}`)) || record.at };
  }
  const seen = fields.get('seen');
  return {
    id,
    name: fields.get('name') ?? '?',
    joinedAt: Number(fields.get('joinedAt')) || 0,
    lastSeenAt: seen ? Number(seen) : null,
    currentLab: fields.get('current') ?? null,
    version: Number(fields.get('version')) || 0,
    labs,
  };
}

const shas = new Map<string, string>();

/** The SHA-1 Redis knows a script by, computed once per script (a report runs one on every post). */
function scriptSha(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  return sha;
}
