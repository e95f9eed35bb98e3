// Steps 1-3: a v2 infer body becomes a checked float32 tensor, and model outputs become a v2 response.

import { describe, expect, it } from 'vitest';
import { buildInferResponse, checkInputTensor, parseInferRequest, readTensorData } from '@lab/infer-handler';
import { body, SIG, thrown, WINE_1, WINE_2 } from './fixtures';

const limits = { maxRows: 4 };

describe('step 1: checkInputTensor', () => {
  it('returns the data and the row count of a well-formed input', () => {
    const { inputs } = body([...WINE_1, ...WINE_2]);
    const result = checkInputTensor(inputs, SIG, limits);
    expect(result.rowCount, 'rowCount is the first number of shape').toBe(2);
    expect(result.data, 'return the input\'s data untouched: step 2 reads it').toEqual([...WINE_1, ...WINE_2]);
  });

  // The tests check the facts a caller needs (what is wrong, what to send), not your exact wording.
  it.each([
    ['no inputs', [], [/inputs/]],
    ['two inputs', [...(body(WINE_1).inputs as unknown[]), ...(body(WINE_2).inputs as unknown[])], [/\b2\b|two/i, /features/]],
    ['an unknown input name', [{ name: 'x', shape: [1, 11], datatype: 'FP32', data: WINE_1 }], [/"x"|\bx\b/, /features/]],
    ['a BYTES datatype', [{ name: 'features', shape: [1, 11], datatype: 'BYTES', data: WINE_1 }], [/BYTES/, /FP32/]],
    ['a one-dimensional shape', [{ name: 'features', shape: [11], datatype: 'FP32', data: WINE_1 }], [/shape/i, /\b11\b/]],
    ['10 columns', [{ name: 'features', shape: [1, 10], datatype: 'FP32', data: WINE_1 }], [/\b10\b/, /\b11\b/]],
  ])('answers 400 for %s, saying what to fix', (_what, inputs, facts) => {
    const error = thrown(() => checkInputTensor(inputs, SIG, limits));
    expect(error.status, 'throw new HttpError(400, ...) for a request the caller must fix').toBe(400);
    for (const fact of facts) {
      expect(error.message, `the message should say what is wrong and what to send instead; it should match ${fact}`).toMatch(fact);
    }
  });

  it('answers 413 above maxRows', () => {
    const error = thrown(() => checkInputTensor(body(Array(55).fill(1), [5, 11]).inputs, SIG, limits));
    expect(error.status, 'more rows than limits.maxRows is HttpError(413, ...)').toBe(413);
    expect(error.message, 'say how many rows came (5) and the most allowed (4)').toMatch(/\b5\b/);
    expect(error.message, 'say how many rows came (5) and the most allowed (4)').toMatch(/\b4\b/);
  });
});

describe('step 2: readTensorData', () => {
  it('copies flat data into a Float32Array', () => {
    const out = readTensorData([...WINE_1, ...WINE_2], 2, 11, 'input "features"');
    expect(out, 'return a Float32Array').toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from([...WINE_1, ...WINE_2])));
  });

  it('accepts data nested one array per row', () => {
    const out = readTensorData([WINE_1, WINE_2], 2, 11, 'input "features"');
    expect(Array.from(out), 'nested rows give the same row-major values as flat data').toEqual(Array.from(Float32Array.from([...WINE_1, ...WINE_2])));
  });

  it('says how many values there are and how many the shape needs', () => {
    const error = thrown(() => readTensorData([...WINE_1, ...WINE_2.slice(1)], 2, 11, 'input "features"'));
    expect(error.status).toBe(400);
    for (const fact of [/features/, /\b21\b/, /\b22\b/]) {
      expect(error.message, `name the input, the values sent (21) and the values the shape needs (22), e.g. 'input "features" has shape [2,11] but 21 values; expected 22'; it should match ${fact}`).toMatch(fact);
    }
  });

  it.each([
    ['a string', '9.4'],
    ['null', null],
    ['a number float32 cannot hold', 1e300],
  ])('rejects %s among the values with 400', (_what, bad) => {
    const error = thrown(() => readTensorData([...WINE_1.slice(0, 10), bad], 1, 11, 'input "features"'));
    expect(error.status, 'check every value with checkValue()').toBe(400);
    expect(error.message).toMatch(/row 0, column 10/);
  });
});

describe('step 3: buildInferResponse', () => {
  const model = { name: 'wine-quality', version: '1', signature: SIG };
  const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);

  it('returns the probabilities as FP32 [rows, 3] and the most probable band as BYTES [rows]', () => {
    const request = parseInferRequest(body([...WINE_1, ...WINE_2], [2, 11], { id: 'r1' }), SIG, limits);
    const response = buildInferResponse(model, request, probabilities);
    expect(response.model_name).toBe('wine-quality');
    expect(response.model_version).toBe('1');
    expect(response.id, 'echo the request id').toBe('r1');
    expect(response.outputs[0]).toEqual({ name: 'probabilities', shape: [2, 3], datatype: 'FP32', data: Array.from(probabilities) });
    expect(response.outputs[1], 'the label of row r is classLabels[argmax of row r]').toEqual({ name: 'label', shape: [2], datatype: 'BYTES', data: ['low', 'high'] });
  });

  it('returns only the outputs the request asked for, and no id when none was sent', () => {
    const request = parseInferRequest(body([...WINE_1, ...WINE_2], [2, 11], { outputs: [{ name: 'label' }] }), SIG, limits);
    const response = buildInferResponse(model, request, probabilities);
    expect(response.outputs.map((o) => o.name), 'follow request.outputs').toEqual(['label']);
    expect('id' in response, 'leave id out when the request had none').toBe(false);
  });
});
