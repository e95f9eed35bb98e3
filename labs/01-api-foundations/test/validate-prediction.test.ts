// Step 2: validating /v1/predict bodies.
import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { parsePredictionRequest } from '@lab/validate-prediction';
import { RED_WINE_1, RED_WINE_1_ROW } from './wines';

function rejectionOf(body: unknown): HttpError {
  try {
    parsePredictionRequest(body);
  } catch (err) {
    expect(err, 'throw an HttpError (from ./http-error) for a bad body, not a plain Error').toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error(`parsePredictionRequest accepted ${JSON.stringify(body)}; it should throw HttpError(400, ...)`);
}

describe('step 2: parsePredictionRequest', () => {
  it('turns one wine into one row in model order', () => {
    const shuffled = Object.fromEntries(Object.entries(RED_WINE_1).reverse());
    expect(parsePredictionRequest(shuffled), 'return { rows, single: true }, features in FEATURES order').toEqual({
      rows: [RED_WINE_1_ROW],
      single: true,
    });
  });

  it('turns {"wines": [...]} into one row per wine', () => {
    const result = parsePredictionRequest({ wines: [RED_WINE_1, { ...RED_WINE_1, alcohol: 12 }] });
    expect(result.single, 'a {"wines": [...]} body is not single').toBe(false);
    expect(result.rows).toHaveLength(2);
    expect(result.rows[1]![10]).toBe(12);
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

  it('rejects bodies that are not objects, and empty lists', () => {
    for (const body of [null, 42, 'wine', [RED_WINE_1], { wines: [] }]) {
      expect(rejectionOf(body).status, `answer 400 for ${JSON.stringify(body)}`).toBe(400);
    }
  });
});
