// Validation of /v1/predict bodies: named wine features in, rows of numbers out, every problem listed.

import { z } from 'zod';
import { FEATURES } from '@mlops/dataset/feature-schema';
import { HttpError } from '@mlops/http-service/http-error';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** Most wines one request may carry; larger jobs belong in the batch API. */
export const MAX_WINES_PER_REQUEST = 1000;

/** One problem with one field of the request body. */
export interface FieldIssue {
  /** Where the problem is, e.g. `alcohol` or `wines[2].pH`; `(body)` for the body itself. */
  readonly field: string;
  /** What is wrong and what is expected. */
  readonly problem: string;
}

/** A parsed request: the wines as rows of 11 numbers in model order, and whether one or many were sent. */
export interface PredictionRequest {
  readonly rows: number[][];
  readonly single: boolean;
}

/** Said of the whole body, or of a list entry, when it is not a JSON object. */
const NOT_A_WINE = 'must be a JSON object with the 11 wine features, or {"wines": [...]}';

/**
 * One wine: exactly the 11 features, each a number in its range. The messages already tell a missing field
 * ("is required") from a wrong type: zod calls both `invalid_type`, and only an `error` function sees the
 * input (zod 4 copies `issue.input` into the result's issues only with `safeParse(body, { reportInput: true })`).
 */
const wineSchema = z.strictObject(
  Object.fromEntries(
    FEATURES.map((f) => [
      f.key,
      z
        .number({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a number in ${f.unit}, between ${f.min} and ${f.max}`) })
        .min(f.min, { error: `must be at least ${f.min} ${f.unit}` })
        .max(f.max, { error: `must be at most ${f.max} ${f.unit}` }),
    ]),
  ),
  { error: NOT_A_WINE },
);

/** `{"wines": [...]}` with 1 to {@link MAX_WINES_PER_REQUEST} wines. */
const winesSchema = z.strictObject({
  wines: z
    .array(wineSchema, { error: 'must be an array of wines' })
    .min(1, { error: 'must hold at least one wine' })
    .max(MAX_WINES_PER_REQUEST, { error: `must hold at most ${MAX_WINES_PER_REQUEST} wines; use the batch API for more` }),
});

/**
 * Turns a `/v1/predict` body into rows of features, or throws a 400 {@link HttpError} whose `issues` list
 * every bad field at once (a client should fix all of them in one go, not one per request).
 *
 * Accepted bodies: one wine `{"fixedAcidity": 7.4, ..., "alcohol": 9.4}` with all 11 camelCase features,
 * or `{"wines": [wine, ...]}` with 1 to {@link MAX_WINES_PER_REQUEST} wines.
 *
 * @throws HttpError 400 with `details.issues: FieldIssue[]`.
 */
export function parsePredictionRequest(body: unknown): PredictionRequest {
  // TODO step 2: validate the body and collect every problem, then convert wines to rows
  throw notImplemented('src/validate-prediction.ts', 'step 2: validate the body and collect every problem, then convert wines to rows');
}

type Wine = Record<string, number>;

/**
 * The {@link FieldIssue}s of one zod issue: an unknown key names that key, anything else keeps the
 * schema's message (which already says "is required" for a missing field). Use it as
 * `result.error.issues.flatMap(toFieldIssues)`.
 */
function toFieldIssues(issue: z.core.$ZodIssue): FieldIssue[] {
  const at = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const expected = 'expected only: ' + FEATURES.map((f) => f.key).join(', ');
    return issue.keys.map((key) => ({ field: join(at, key), problem: `unknown field; ${expected}` }));
  }
  return [{ field: at || '(body)', problem: issue.message }];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : join(acc, String(part))), '');
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function invalidBody(issues: FieldIssue[]): HttpError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const summary = issues.map((i) => `${i.field} ${i.problem}`).join('; ');
  return new HttpError(400, `invalid request body (${count}): ${summary}`, { issues });
}
