// Step 2: validating /v1/predict bodies.
import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { MAX_WINES_PER_REQUEST, parsePredictionRequest } from '@lab/validate-prediction';
import { RED_WINE_1, RED_WINE_1_ROW } from './wines';

function rejectionOf(body: unknown): HttpError {
  try {
    parsePredictionRequest(body);
  } catch (err) {
    expect(err, 'throw invalidBody(...) (an HttpError 400) for a bad body, not a plain Error').toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error(`parsePredictionRequest accepted ${JSON.stringify(body).slice(0, 200)}; it should throw HttpError(400, ...)`);
}

/** The `issues` of a rejection. */
function issuesOf(body: unknown): { field: string; problem: string }[] {
  return (rejectionOf(body).details?.issues ?? []) as { field: string; problem: string }[];
}

describe('step 2: parsePredictionRequest', () => {
  it('turns one wine into one row in model order', () => {
    const shuffled = Object.fromEntries(Object.entries(RED_WINE_1).reverse());
    expect(parsePredictionRequest(shuffled), 'return { rows, single: true }, features in FEATURES order').toEqual({
      rows: [RED_WINE_1_ROW],
      single: true,
    });
  });

  it('turns {"wines": [...]} into one row per wine, in order', () => {
    const shuffled = Object.fromEntries(Object.entries({ ...RED_WINE_1, alcohol: 12 }).reverse());
    const result = parsePredictionRequest({ wines: [RED_WINE_1, shuffled] });
    expect(result.single, 'a {"wines": [...]} body is not single').toBe(false);
    expect(result.rows, 'one row per wine, each in FEATURES order').toEqual([RED_WINE_1_ROW, [...RED_WINE_1_ROW.slice(0, 10), 12]]);
  });

  it('lists every bad field at once, each with what to fix', () => {
    const { alcohol: _dropped, ...withoutAlcohol } = RED_WINE_1;
    const err = rejectionOf({ ...withoutAlcohol, pH: 'acidic', chlorides: -1, colour: 'red' });
    expect(err.status).toBe(400);
    const issues = (err.details?.issues ?? []) as { field: string; problem: string }[];
    const fields = issues.map((i) => i.field).sort();
    expect(fields, 'report alcohol (missing), chlorides (negative), colour (unknown) and pH (not a number)').toEqual([
      'alcohol',
      'chlorides',
      'colour',
      'pH',
    ]);
    for (const issue of issues) expect(issue.problem, `explain the problem with ${issue.field}`).toMatch(/\w{3,}/);
    expect(issues.find((i) => i.field === 'alcohol')?.problem, 'a missing field: keep the schema\'s "is required"').toMatch(/required/);
    expect(err.message, 'the message should name the bad fields too').toMatch(/pH/);
  });

  it('tells a wrong type from a missing field', () => {
    const err = rejectionOf({ ...RED_WINE_1, alcohol: 'strong', pH: null });
    const issues = (err.details?.issues ?? []) as { field: string; problem: string }[];
    for (const field of ['alcohol', 'pH']) {
      const issue = issues.find((i) => i.field === field);
      expect(issue?.problem, `${field} is present but not a number: say it must be a number, not that it is required`).toMatch(/number/);
    }
  });

  it('names the wine in a list that has a bad field', () => {
    const err = rejectionOf({ wines: [RED_WINE_1, { ...RED_WINE_1, density: 7 }] });
    const issues = (err.details?.issues ?? []) as { field: string }[];
    expect(issues.map((i) => i.field), 'point at wines[1].density').toEqual(['wines[1].density']);
  });

  it('rejects bodies that are not objects, as a problem with the whole body', () => {
    for (const body of [null, 42, 'wine', true, [RED_WINE_1]]) {
      const err = rejectionOf(body);
      expect(err.status, `answer 400 for ${JSON.stringify(body)}`).toBe(400);
      const issues = (err.details?.issues ?? []) as { field: string; problem: string }[];
      expect(issues.map((i) => i.field), `${JSON.stringify(body)} is not a wine: one issue for "(body)"`).toEqual(['(body)']);
      expect(issues[0]?.problem, 'say what the body must be').toMatch(/JSON object/);
    }
  });

  it('checks a {"wines": [...]} body as a list: an array of 1 to MAX_WINES_PER_REQUEST wines, nothing else beside it', () => {
    expect(issuesOf({ wines: [] }), 'an empty list is a 400 for "wines"').toEqual([{ field: 'wines', problem: expect.stringMatching(/at least one/) }]);
    expect(issuesOf({ wines: 'all of them' }), 'validate {"wines": ...} with winesSchema, whatever `wines` holds').toEqual([
      { field: 'wines', problem: expect.stringMatching(/array/) },
    ]);
    const tooMany = issuesOf({ wines: Array(MAX_WINES_PER_REQUEST + 1).fill(RED_WINE_1) });
    expect(tooMany.map((i) => i.field), `more than ${MAX_WINES_PER_REQUEST} wines belong in the batch API`).toEqual(['wines']);
    expect(issuesOf({ wines: [RED_WINE_1], model: 'v2' }).map((i) => i.field), 'a field beside "wines" is unknown').toEqual(['model']);
    expect(issuesOf({ wines: [{ ...RED_WINE_1, colour: 'red' }] }).map((i) => i.field), 'name an unknown field inside a wine').toEqual([
      'wines[0].colour',
    ]);
  });
});
