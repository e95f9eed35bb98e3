// The classroom's configuration: read from the environment once, validated, each default next to its meaning.

import { z } from 'zod';
import { redisUrlFromEnv } from '@mlops/redis';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  /** TCP port of the classroom. 8080 is the API's, so the two run side by side. */
  PORT: int(0, 65535).default(8088),
  /**
   * Interface to bind. Learners post from their own laptops, so the classroom listens on every interface by
   * default (unlike the API); posting needs the class code and the room page the instructor token.
   */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The URL learners join, when the printed LAN addresses are wrong (a tunnel, a reverse proxy, a DNS name). */
  CLASSROOM_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Key prefix in Redis: two classrooms on one Redis need two prefixes. */
  CLASSROOM_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits and . : _ - only').default('classroom:'),
  /** A learner on the same step of a lab for longer than this is shown as stuck (the page can change it too). */
  STUCK_MINUTES: z.coerce.number().min(0.1).max(600).default(10),
  /** Most learners in one class: a typo loop in a script cannot fill Redis. */
  MAX_LEARNERS: int(1, 5000).default(200),
  /** Hours the class is kept in Redis after its last activity: a two-day workshop, then it is gone. */
  CLASS_TTL_HOURS: int(1, 24 * 90).default(72),
  /** Posts a learner may make per minute (a burst of 10 is allowed); `watch` posts on every save. */
  LEARNER_REPORTS_PER_MINUTE: int(1, 6000).default(60),
  /** Fixes the class code instead of a random one (6+ letters or digits); learners need it to join. */
  CLASS_CODE: z.string().regex(/^[A-Za-z0-9]{6,32}$/, 'must be 6 to 32 letters or digits').optional(),
  /** Fixes the instructor token instead of a random one (at least 24 characters: it guards every learner's data). */
  INSTRUCTOR_TOKEN: z.string().regex(/^[\w-]{24,128}$/, 'must be 24 to 128 letters, digits, _ or -').optional(),
  /** pino level for the classroom's own log lines. Successful requests are not logged: 40 learners post a lot. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Milliseconds in-flight requests get to finish on Ctrl-C or SIGTERM (the room page's stream is closed first). */
  SHUTDOWN_TIMEOUT_MS: int(0, 60_000).default(2000),
});

/** The classroom's validated settings. */
export interface ClassroomConfig {
  readonly port: number;
  readonly host: string;
  /** Set when the instructor named the join URL; otherwise the LAN addresses are printed. */
  readonly publicUrl: string | undefined;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly stuckMinutes: number;
  readonly maxLearners: number;
  readonly ttlSeconds: number;
  readonly reportsPerMinute: number;
  readonly classCode: string | undefined;
  readonly instructorToken: string | undefined;
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
}

/** Thrown for a bad environment variable; the message names each variable and what it must be. */
export class ClassroomConfigError extends Error {
  readonly code = 'CLASSROOM_CONFIG_INVALID';
  override readonly name = 'ClassroomConfigError';
}

/**
 * Reads the classroom's configuration from `env` (empty variables count as unset).
 * @throws ClassroomConfigError naming each bad variable.
 * @example const config = readClassroomConfig(process.env);
 */
export function readClassroomConfig(env: NodeJS.ProcessEnv = process.env): ClassroomConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ClassroomConfigError(`invalid classroom configuration:\n${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.CLASSROOM_URL?.replace(/\/+$/, ''),
    redisUrl: redisUrlFromEnv(env),
    prefix: c.CLASSROOM_PREFIX,
    stuckMinutes: c.STUCK_MINUTES,
    maxLearners: c.MAX_LEARNERS,
    ttlSeconds: c.CLASS_TTL_HOURS * 3600,
    reportsPerMinute: c.LEARNER_REPORTS_PER_MINUTE,
    classCode: c.CLASS_CODE?.toUpperCase(),
    instructorToken: c.INSTRUCTOR_TOKEN,
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
  };
}
