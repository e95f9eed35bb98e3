// What learners may send, validated and size-limited: a join (class code, name) and a verify report.

import { z } from 'zod';
import { HttpError } from '@mlops/http-service';

/** Longest display name, in characters. */
export const MAX_NAME_LENGTH = 40;
/** Longest first-failure message kept, in characters (the CLI truncates to this before posting). */
export const MAX_MESSAGE_LENGTH = 300;
/** Largest JSON body the classroom reads, for every route: a report is a few hundred bytes. */
export const BODY_LIMIT = '4kb';

/** Control, format (bidi overrides, zero-width), private-use and unassigned characters, and line breaks. */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/**
 * A learner's display name: trimmed, inner runs of spaces collapsed, NFC; 1 to 40 printable characters.
 * Anything printable is allowed, `<img src=x onerror=alert(1)>` included: the page renders it as text.
 */
export const nameSchema = z
  .string({ error: 'name is required' })
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'name must not be empty')
      .refine((s) => [...s].length <= MAX_NAME_LENGTH, `name must be at most ${MAX_NAME_LENGTH} characters`)
      .refine((s) => !UNPRINTABLE.test(s), 'name must contain printable characters only'),
  );

/** `POST /api/join`. */
export const joinSchema = z.strictObject({
  code: z.string({ error: 'code is required' }).max(64),
  name: nameSchema,
});

const count = z.number().int().min(0).max(100_000);

/** `POST /api/report`: one verify of one lab. Nothing else is accepted (unknown keys are refused). */
export const reportSchema = z
  .strictObject({
    /** Lab id, two digits. */
    lab: z.string().regex(/^\d{2}$/, 'lab must be a two-digit lab id like "01"'),
    /** Step of the first failure (lowest step first); null when the lab passed or the failure names no step. */
    step: z.number().int().min(0).max(999).nullable().default(null),
    passed: count,
    failed: count,
    skipped: count,
    total: count,
    /** The first failure's message, at most 300 characters; control characters other than line breaks are dropped. */
    message: z
      .string()
      .max(MAX_MESSAGE_LENGTH, `message must be at most ${MAX_MESSAGE_LENGTH} characters`)
      .transform((s) => s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim())
      .transform((s) => (s === '' ? null : s))
      .nullable()
      .default(null),
    /** True when `lab solve` recorded it (the instructor's catch-up, not the learner's own pass). */
    solved: z.boolean().default(false),
  })
  .refine((r) => r.total === r.passed + r.failed + r.skipped, { message: 'total must equal passed + failed + skipped', path: ['total'] });

/** A validated report. */
export type Report = z.infer<typeof reportSchema>;

/**
 * Parses `body` with `schema` or throws a 400 naming every problem.
 * @throws HttpError 400 `{ error, issues: [{ path, message }] }`.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `${what} must be a JSON object (send content-type: application/json)`);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new HttpError(400, `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}
