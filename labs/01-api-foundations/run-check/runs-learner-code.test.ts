// run.ts serves the learner's code: markers put in a learner copy are what the running lab 01 server answers.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLearnerCopy, replaceOnce, startLabRun, type LabRun } from '@mlops/lab-kit/authoring';

const MARKER = 'LEARNER-MARKER-7f3a';
const labDir = fileURLToPath(new URL('..', import.meta.url));

/** Wine 1 of the red data set: 9.4 % vol, which the reference's rules call "low". */
const RED_WINE_1 = {
  fixedAcidity: 7.4, volatileAcidity: 0.7, citricAcid: 0, residualSugar: 1.9, chlorides: 0.076, freeSulfurDioxide: 11,
  totalSulfurDioxide: 34, density: 0.9978, pH: 3.51, sulphates: 0.56, alcohol: 9.4,
};

// One marker per learner file on the paths the lab teaches: the rules (a 9 % vol threshold and a marked model name),
// the validation (its 400 message, reached through the given predict-route.ts), the error handler (its bad-JSON message)
// and the app factory (a header on every response).
const copy = createLearnerCopy(labDir, (file, text) => {
  if (file === 'baseline-model.ts') {
    const rules = replaceOnce(text, 'if (alcohol >= 10) return', 'if (alcohol >= 9) return');
    return replaceOnce(rules, "name: 'baseline-rules'", `name: 'baseline-rules-${MARKER}'`);
  }
  if (file === 'validate-prediction.ts') return replaceOnce(text, '`invalid request body (', `\`${MARKER} invalid request body (`);
  if (file === 'error-handler.ts') return replaceOnce(text, '`request body is not valid JSON:', `\`${MARKER} request body is not valid JSON:`);
  if (file === 'create-app.ts') return replaceOnce(text, "app.disable('x-powered-by');", `app.disable('x-powered-by');\n  app.use((_req, res, next) => void (res.setHeader('x-learner', '${MARKER}'), next()));`);
  return text;
});

let server: LabRun | undefined;
let base = '';

beforeAll(async () => {
  server = startLabRun(labDir, [], { ...copy.env, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' });
  [, base = ''] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
});

afterAll(async () => {
  await server?.stop();
  copy.cleanup();
});

/** A response's JSON body, loosely typed: the assertions say what it must hold. */
const json = async (res: Response): Promise<any> => res.json();
const predict = (body: string) => fetch(`${base}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('npm start -w @mlops/lab-01-api-foundations', () => {
  it("serves the learner's app factory and rule model", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.headers.get('x-learner'), "the app is the learner's createApp").toBe(MARKER);
    expect((await json(health)).model.name, "/healthz reports the learner's baselinePredictor").toBe(`baseline-rules-${MARKER}`);
    const one = await predict(JSON.stringify(RED_WINE_1));
    expect(await json(one), "9.4 % vol is medium only under the learner's marked 9 % vol rule").toMatchObject({ band: 'medium' });
    const many = await predict(JSON.stringify({ wines: [RED_WINE_1, { ...RED_WINE_1, alcohol: 8.5 }] }));
    expect((await json(many)).predictions).toEqual([{ band: 'medium' }, { band: 'low' }]);
  });

  it("answers a bad body with the learner's validation, one wine or a list", async () => {
    for (const body of [{ ...RED_WINE_1, alcohol: 'strong' }, { wines: [RED_WINE_1, { ...RED_WINE_1, pH: null }] }, [RED_WINE_1]]) {
      const res = await predict(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect((await json(res)).error, `the 400 for ${JSON.stringify(body)} comes from the learner's parsePredictionRequest`).toMatch(
        new RegExp(`^${MARKER} invalid request body`),
      );
    }
  });

  it("answers malformed JSON with the learner's error handler", async () => {
    const res = await predict('{"alcohol": 9.4,');
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(new RegExp(`^${MARKER} request body is not valid JSON`));
    const missing = await fetch(`${base}/nothing`);
    expect(missing.status, "the 404 goes through the learner's app").toBe(404);
    expect(missing.headers.get('x-learner')).toBe(MARKER);
  });
});
