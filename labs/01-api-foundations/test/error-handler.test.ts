// Step 3: the error handler on its own, in a small app (the product's requestContext plus your handler, last).
import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { createErrorHandler } from '@lab/error-handler';
import { answer, errorApp } from './error-app';
import { captureLogs, errorLinesWith } from './log-lines';
import { RED_WINE_1 } from './wines';

/** An error as a library would raise it: a message plus extra fields such as `status`. */
const libraryError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('step 3: the error handler', () => {
  it('is an Express error handler: a function of (err, req, res, next)', () => {
    expect(createErrorHandler().length, 'return (err, req, res, next) => {...}: Express only treats a middleware with four parameters as an error handler').toBe(4);
  });

  it('answers an HttpError with its status and {"error": message, ...details}', async () => {
    const issues = [{ field: 'alcohol', problem: 'is required' }, { field: 'pH', problem: 'must be a number' }];
    const invalid = await answer(errorApp(new HttpError(400, 'invalid request body (2 problems)', { issues })), (r) => r.get('/fail'));
    expect(invalid.status, 'answer an HttpError with err.status').toBe(400);
    expect(invalid.body, 'send { error: err.message, ...err.details }').toEqual({ error: 'invalid request body (2 problems)', issues });
    const conflict = await answer(errorApp(new HttpError(409, 'batch b-1 is still running')), (r) => r.get('/fail'));
    expect(conflict.status, 'use the HttpError\'s own status (here 409), not a fixed 400').toBe(409);
    expect(conflict.body).toEqual({ error: 'batch b-1 is still running' });
  });

  it('answers malformed JSON with a 400 that says the body is not valid JSON', async () => {
    const res = await answer(errorApp(undefined), (r) => r.post('/echo').set('content-type', 'application/json').send('{"alcohol": 9.4,'));
    expect(res.status, "map body-parser's 'entity.parse.failed' to 400: the caller's mistake, not ours").toBe(400);
    expect(res.body.error, 'say "request body is not valid JSON: <the parser\'s message>"').toMatch(/^request body is not valid JSON: \S/);
  });

  it('answers an oversized body with a 413 that names the limit', async () => {
    const res = await answer(errorApp(undefined), (r) => r.post('/echo').send({ wines: Array(20).fill(RED_WINE_1) }));
    expect(res.status, "map body-parser's 'entity.too.large' to 413").toBe(413);
    expect(res.body.error, 'name the limit in bytes (err.limit, here 2048) so the caller knows how much to send').toMatch(/\b2048\b/);
  });

  it("keeps the status and message of another error with a 4xx status (a library's own client error)", async () => {
    const charset = await answer(errorApp(undefined), (r) => r.post('/echo').set('content-type', 'application/json; charset=latin1').send('{}'));
    expect(charset.status, "body-parser answers an unsupported charset with status 415: keep a 4xx err.status").toBe(415);
    expect(charset.body.error, 'send the 4xx error\'s own message').toMatch(/charset/);
    const bad = await answer(errorApp(libraryError('missing the ?name= parameter', { status: 400 })), (r) => r.get('/fail'));
    expect(bad.status, 'a status of exactly 400 is a client error too').toBe(400);
    expect(bad.body).toEqual({ error: 'missing the ?name= parameter' });
  });

  it('hides every other error behind a 500 "internal error" with the request id, never its message or stack', async () => {
    const secrets = [
      new Error('database password is hunter2'),
      libraryError('connect ECONNREFUSED 10.0.0.5:5432 (hunter2)', { status: 503 }), // a 5xx status is still our problem
      libraryError('Command failed: convert /srv/hunter2.png', { status: 1 }), // child_process: status is an exit code
      libraryError('upstream said 500 (hunter2)', { status: 500 }),
    ];
    for (const error of secrets) {
      const res = await answer(errorApp(error), (r) => r.get('/fail').set('x-request-id', 'trace-500'));
      expect(res.status, `answer "${error.message}" with 500: only a 4xx status is the caller's business`).toBe(500);
      expect(res.body.error, 'say only "internal error" to the caller').toBe('internal error');
      expect(JSON.stringify(res.body), 'never leak the message or stack of an internal error').not.toMatch(/hunter2|\bat /);
      expect(res.body.requestId, 'include the request id (req.id) so the caller can quote it').toBe('trace-500');
    }
  });

  it('logs an internal error with its stack, for you', async () => {
    const { logger, lines } = captureLogs();
    await answer(errorApp(new Error('database password is hunter2'), { logger }), (r) => r.get('/fail'));
    const logged = errorLinesWith(lines, 'hunter2');
    expect(logged, 'log the error at error level: req.log?.error({ err }, "unhandled error")').not.toHaveLength(0);
    expect(JSON.stringify(logged), 'pass the error itself as { err } so pino writes its stack').toMatch(/\bat /);
    expect(logged.map((line) => line.msg), 'give the log line a message, e.g. "unhandled error", so it can be searched').toContainEqual(expect.stringMatching(/\w/));
  });

  it('answers a 5xx HttpError with its message and logs it with its cause; a 4xx one is not logged as an error', async () => {
    const { logger, lines } = captureLogs();
    const cause = new Error('ENOENT: no such file models/wine-quality/1/model.onnx');
    const failed = await answer(errorApp(new HttpError(503, 'model not loaded', undefined, { cause }), { logger }), (r) => r.get('/fail'));
    expect(failed.status).toBe(503);
    expect(failed.body, 'an HttpError\'s message is meant for the caller, even a 5xx one; its cause is not').toEqual({ error: 'model not loaded' });
    expect(errorLinesWith(lines, 'ENOENT'), 'log a 5xx HttpError (our fault) with req.log?.error({ err }, err.message): pino adds its cause').not.toHaveLength(0);
    await answer(errorApp(new HttpError(500, 'scoring failed'), { logger }), (r) => r.get('/fail'));
    expect(errorLinesWith(lines, 'scoring failed'), 'a status of exactly 500 is ours too: log it').not.toHaveLength(0);
    await answer(errorApp(new HttpError(404, 'no batch named b-404'), { logger }), (r) => r.get('/fail'));
    expect(errorLinesWith(lines, 'b-404'), "do not log a 4xx HttpError as an error: it is the caller's mistake (the request line already says 404)").toHaveLength(0);
  });

  it('works in an app without requestContext (req.log and req.id are undefined there)', async () => {
    const res = await answer(errorApp(new Error('database password is hunter2'), { context: false }), (r) => r.get('/fail'));
    expect(res.status, "use req.log?.error(...): @mlops/serving's createServingApp mounts this handler without requestContext").toBe(500);
    expect(res.body.error).toBe('internal error');
    const failed = await answer(errorApp(new HttpError(503, 'model not loaded'), { context: false }), (r) => r.get('/fail'));
    expect(failed.status, 'use req.log?.error(...) for a 5xx HttpError too').toBe(503);
  });
});
