// Property tests: whatever body a client sends to infer, the answer is never a 5xx and errors are JSON {"error"};
// many bodies through the infer pipeline in-process, fewer over HTTP for the Express layer around it.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { buildInferResponse, inferResponseToJson, parseInferBody, parseInferRequest } from '../src/index';
import { MODEL, WINES } from './helpers/model-fixture';
import { listen } from './helpers/listening';
import { openServedApp } from './helpers/served-app';

let served: Awaited<ReturnType<typeof openServedApp>>;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  served = await openServedApp({ maxRowsPerRequest: 64 });
  server = await listen(served.app);
});
afterAll(async () => {
  await server.close();
  await served.close();
});

/** Values that are sometimes right and often wrong for each field of an input tensor. */
const anyValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
const number = fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.constantFrom(1e39, -1e39, 0, -0));
const tensor = fc.record(
  {
    name: fc.oneof(fc.constant('features'), anyValue),
    datatype: fc.oneof(fc.constantFrom('FP32', 'FP64', 'INT64', 'BYTES', 'fp32', 'BOOL'), anyValue),
    shape: fc.oneof(fc.tuple(fc.integer({ min: -2, max: 70 }), fc.constantFrom(11, 10, 0)), fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 3 }), anyValue),
    data: fc.oneof(
      fc.array(number, { maxLength: 60 }),
      fc.array(fc.array(number, { maxLength: 12 }), { maxLength: 6 }),
      fc.constant(WINES[0]),
      fc.constant(WINES),
      fc.array(anyValue, { maxLength: 12 }),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.record(
    {
      id: anyValue,
      inputs: fc.oneof(fc.array(tensor, { maxLength: 2 }), anyValue),
      outputs: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.constantFrom('probabilities', 'label'), anyValue) }), { maxLength: 3 }), anyValue),
      parameters: anyValue,
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

async function post(payload: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}/v2/models/${MODEL}/infer`, { method: 'POST', headers: { 'content-type': contentType }, body: payload });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

function expectWellFormed({ status, json }: { status: number; json: unknown }): void {
  expect(status, JSON.stringify(json)).toBeLessThan(500);
  if (status === 200) expect(json).toHaveProperty('outputs');
  else expect(json).toEqual({ error: expect.any(String) });
}

/** The infer route's steps in-process (parse, check, score, build, serialise): a response body or a 4xx HttpError. */
async function inferInProcess(raw: string): Promise<unknown> {
  const model = served.registry.get(MODEL)!;
  try {
    const request = parseInferRequest(parseInferBody(Buffer.from(raw)), model.signature, { maxRows: 64 });
    const probabilities = await model.score(request.features, request.rowCount);
    return JSON.parse(inferResponseToJson(buildInferResponse(model, request, probabilities)));
  } catch (error) {
    expect(error, 'only an HttpError may escape the infer pipeline').toBeInstanceOf(HttpError);
    expect((error as HttpError).status, (error as Error).message).toBeLessThan(500);
    return undefined;
  }
}

describe('infer with random and malformed bodies', () => {
  it('turns any body into a response with outputs or a 4xx HttpError (in-process, 1,000 bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const response = await inferInProcess(JSON.stringify(b) ?? 'null');
        if (response !== undefined) expect(response).toHaveProperty('outputs');
      }),
      { numRuns: 1_000 },
    );
  });

  it('never answers 5xx and always explains a rejection as JSON {"error"} (over HTTP)', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        expectWellFormed(await post(JSON.stringify(b) ?? 'null'));
      }),
      { numRuns: 100 },
    );
  });

  it('answers broken JSON text with a 4xx JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (text) => {
        expectWellFormed(await post(`{"inputs": ${text}`));
      }),
      { numRuns: 50 },
    );
  });
});
