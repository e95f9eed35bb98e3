// Steps 1-3: a v2 infer body becomes a checked float32 tensor, and model outputs become a v2 response.

import { describe, expect, it } from 'vitest';
import { buildInferResponse, checkInputTensor, parseInferRequest, readTensorData, type InferRequest } from '@lab/infer-handler';
import { body, OTHER_SIG, SIG, thrown, WINE_1, WINE_2 } from './fixtures';

const limits = { maxRows: 4 };
const input = (fields: Record<string, unknown>): unknown[] => [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: WINE_1, ...fields }];
const float32 = (values: readonly number[]): number[] => Array.from(Float32Array.from(values));

describe('step 1: checkInputTensor', () => {
  it('returns the data and the row count of a well-formed input', () => {
    const { inputs } = body([...WINE_1, ...WINE_2]);
    const result = checkInputTensor(inputs, SIG, limits);
    expect(result.rowCount, 'rowCount is the first number of shape').toBe(2);
    expect(result.data, 'return the input\'s data untouched: step 2 reads it').toEqual([...WINE_1, ...WINE_2]);
  });

  it('accepts one row, exactly limits.maxRows rows, and FP64 as well as FP32', () => {
    expect(checkInputTensor(input({}), SIG, limits).rowCount, 'one row is the smallest valid request').toBe(1);
    const four = input({ shape: [4, 11], data: Array(44).fill(1) });
    expect(checkInputTensor(four, SIG, limits).rowCount, 'limits.maxRows rows are allowed: answer 413 only ABOVE it').toBe(4);
    expect(checkInputTensor(input({ datatype: 'FP64' }), SIG, limits).rowCount, 'accept every datatype in ACCEPTED_DATATYPES (FP64 too)').toBe(1);
  });

  it('reads the input name and the row width from the model signature, not from the wine model', () => {
    const pixels = [{ name: 'pixels', shape: [3, 4], datatype: 'FP32', data: Array(12).fill(0.5) }];
    expect(checkInputTensor(pixels, OTHER_SIG, limits).rowCount, 'a model whose input is "pixels" with 4 values per row takes shape [3,4]: compare with sig.inputName and sig.inputWidth').toBe(3);
    const named = thrown(() => checkInputTensor(input({}), OTHER_SIG, limits));
    expect(named.status, 'this model\'s input is "pixels": an input named "features" is a 400').toBe(400);
    expect(named.message, 'name the input this model takes (sig.inputName)').toMatch(/pixels/);
    const wide = thrown(() => checkInputTensor([{ name: 'pixels', shape: [1, 11], datatype: 'FP32', data: WINE_1 }], OTHER_SIG, limits));
    expect(wide.status, 'this model takes 4 values per row: shape [1,11] is a 400').toBe(400);
    expect(wide.message, 'say how many values a row needs (sig.inputWidth, 4 here)').toMatch(/\b4\b/);
  });

  // The tests check the facts a caller needs (what is wrong, what to send), not your exact wording.
  it.each([
    ['no inputs', [], [/inputs/]],
    ['"inputs" missing', undefined, [/inputs/]],
    ['"inputs" that is not an array', { name: 'features' }, [/inputs/]],
    ['two inputs', [...input({}), ...input({ data: WINE_2 })], [/\b2\b|two/i, /features/]],
    ['an input that is null', [null], [/\bname\b/, /\bshape\b/]],
    ['an unknown input name', input({ name: 'x' }), [/"x"|\bx\b/, /features/]],
    ['a BYTES datatype', input({ datatype: 'BYTES' }), [/BYTES/, /FP32/]],
    ['no datatype', input({ datatype: undefined }), [/FP32/]],
    ['a one-dimensional shape', input({ shape: [11] }), [/shape/i, /\b11\b/]],
    ['a three-dimensional shape', input({ shape: [1, 11, 1] }), [/shape/i, /\b11\b/]],
    ['no shape', input({ shape: undefined }), [/shape/i, /\b11\b/]],
    ['a fractional row count', input({ shape: [1.5, 11] }), [/shape/i]],
    ['a row count that is a string', input({ shape: ['1', 11] }), [/shape/i]],
    ['10 columns', input({ shape: [1, 10] }), [/\b10\b/, /\b11\b/, /features/]],
    ['zero rows', input({ shape: [0, 11], data: [] }), [/row/i]],
    ['a negative row count', input({ shape: [-1, 11] }), [/row|shape/i]],
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
    expect(out, 'return a Float32Array (the model takes float32, also for FP64 requests)').toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual(float32([...WINE_1, ...WINE_2]));
  });

  it('accepts data nested one array per row', () => {
    const out = readTensorData([WINE_1, WINE_2], 2, 11, 'input "features"');
    expect(out, 'return a Float32Array').toBeInstanceOf(Float32Array);
    expect(Array.from(out), 'nested rows give the same row-major values as flat data').toEqual(float32([...WINE_1, ...WINE_2]));
  });

  it('uses the width it is given, not 11', () => {
    const flat = readTensorData([1, 2, 3, 4, 5, 6, 7, 8], 2, 4, 'input "pixels"');
    expect(Array.from(flat), 'rows * width values: 2 rows of 4').toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const nested = readTensorData([[1, 2, 3, 4], [5, 6, 7, 8]], 2, 4, 'input "pixels"');
    expect(Array.from(nested), 'nested rows of `width` values').toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const error = thrown(() => readTensorData([1, 2, 3, 4, 5, 6, 7], 2, 4, 'input "pixels"'));
    expect([error.status, error.message], 'name the input with the label you are given, and say 7 values came where 8 were needed').toEqual([400, expect.stringMatching(/pixels.*\b7\b.*\b8\b|pixels.*\b8\b.*\b7\b/)]);
  });

  it.each([
    ['flat', [...WINE_1, ...WINE_2.slice(1)]],
    ['nested', [WINE_1, WINE_2.slice(1)]],
  ])('says how many %s values there are and how many the shape needs', (_layout, data) => {
    const error = thrown(() => readTensorData(data, 2, 11, 'input "features"'));
    expect(error.status).toBe(400);
    for (const fact of [/features/, /\b21\b/, /\b22\b/]) {
      expect(error.message, `name the input, the values sent (21) and the values the shape needs (22), e.g. 'input "features" has shape [2,11] but 21 values; expected 22'; it should match ${fact}`).toMatch(fact);
    }
  });

  it('answers 400 for too many values too', () => {
    expect(thrown(() => readTensorData([...WINE_1, ...WINE_2, 1], 2, 11, 'input "features"')).status, 'count the values: 23 is not 22').toBe(400);
  });

  it.each([
    ['no data', undefined],
    ['data that is not an array', '7.4,0.7'],
  ])('answers 400 for %s, saying how many numbers to send', (_what, data) => {
    const error = thrown(() => readTensorData(data, 2, 11, 'input "features"'));
    expect(error.status, 'check that data is an array before reading it').toBe(400);
    expect(error.message, 'say how many numbers the shape needs (22)').toMatch(/\b22\b/);
  });

  it.each([
    ['rows of 10 and 12 values', [WINE_1.slice(1), [...WINE_2, 1]]],
    ['three rows for shape [2,11]', [WINE_1, WINE_2, []]],
    ['a row that is null', [null, [...WINE_1, ...WINE_2.slice(1)]]],
    ['a row that is a number', [7.4, [...WINE_1.slice(1), ...WINE_2]]],
  ])('answers 400 for nested data with %s, even when the total count is right', (_what, data) => {
    const error = thrown(() => readTensorData(data, 2, 11, 'input "features"'));
    expect(error.status, 'nested data needs exactly `rows` arrays of `width` numbers each, not only the right total').toBe(400);
    expect(error.message, 'say how many values a row needs (11)').toMatch(/\b11\b/);
  });

  it('answers 400 for flat data with an array among its values', () => {
    const error = thrown(() => readTensorData([...WINE_1.slice(0, 10), [...WINE_2, 1]], 2, 11, 'input "features"'));
    expect(error.status, 'data is flat when its first element is a number: an array further on is a mistake, do not flatten it away').toBe(400);
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

  it('checks the values of nested rows too, naming their row and column', () => {
    const error = thrown(() => readTensorData([WINE_1, [...WINE_2.slice(0, 3), 'x', ...WINE_2.slice(4)]], 2, 11, 'input "features"'));
    expect(error.status, 'check every value with checkValue(), nested or flat').toBe(400);
    expect(error.message, 'pass checkValue the row-major index of the value (row * width + column)').toMatch(/row 1, column 3/);
  });
});

describe('step 3: buildInferResponse', () => {
  const model = { name: 'wine-quality', version: '1', signature: SIG };
  const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3]);
  const wines = [...WINE_1, ...WINE_2, ...WINE_1];

  it('returns the probabilities as FP32 [rows, 3] and the most probable band of each row as BYTES [rows]', () => {
    const request = parseInferRequest(body(wines, [3, 11], { id: 'r1' }), SIG, limits);
    const response = buildInferResponse(model, request, probabilities);
    expect(response.model_name).toBe('wine-quality');
    expect(response.model_version).toBe('1');
    expect(response.id, 'echo the request id').toBe('r1');
    expect(response.outputs[0], 'data is a plain array of numbers (Array.from), so it serialises as a JSON array').toEqual({ name: 'probabilities', shape: [3, 3], datatype: 'FP32', data: Array.from(probabilities) });
    expect(response.outputs[1], 'the label of row r is classLabels[argmax of row r]').toEqual({ name: 'label', shape: [3], datatype: 'BYTES', data: ['low', 'high', 'medium'] });
  });

  it('labels a tie with the first of the tied classes, like numpy.argmax', () => {
    const request = parseInferRequest(body([...WINE_1, ...WINE_2], [2, 11], { outputs: [{ name: 'label' }] }), SIG, limits);
    const response = buildInferResponse(model, request, Float32Array.from([0.4, 0.4, 0.2, 0.2, 0.4, 0.4]));
    expect(response.outputs[0]!.data, 'on equal probabilities keep the first class (compare with >, not >=)').toEqual(['low', 'medium']);
  });

  it("labels each row from its own probabilities only, never the next row's", () => {
    const request = parseInferRequest(body([...WINE_1, ...WINE_2], [2, 11], { outputs: [{ name: 'label' }] }), SIG, limits);
    const response = buildInferResponse(model, request, Float32Array.from([0.5, 0.3, 0.2, 0.9, 0.05, 0.05]));
    expect(response.outputs[0]!.data, 'row r is columns r * outputWidth ... r * outputWidth + outputWidth - 1 (stop before the next row)').toEqual(['low', 'low']);
  });

  it('returns only the outputs the request asked for, in its order, and no id when none was sent', () => {
    const labelOnly = parseInferRequest(body(wines, [3, 11], { outputs: [{ name: 'label' }] }), SIG, limits);
    const response = buildInferResponse(model, labelOnly, probabilities);
    expect(response.outputs.map((o) => o.name), 'follow request.outputs').toEqual(['label']);
    expect('id' in response, 'leave id out when the request had none').toBe(false);
    const reversed = parseInferRequest(body(wines, [3, 11], { outputs: [{ name: 'label' }, { name: 'probabilities' }] }), SIG, limits);
    expect(buildInferResponse(model, reversed, probabilities).outputs.map((o) => o.name), 'map over request.outputs, in the order asked for').toEqual(['label', 'probabilities']);
  });

  it('names, shapes and labels the outputs from the model signature, not from the wine model', () => {
    const other = { name: 'pets', version: '7', signature: OTHER_SIG };
    const request: InferRequest = { id: undefined, features: new Float32Array(8), rowCount: 2, outputs: ['scores', 'label'] };
    const response = buildInferResponse(other, request, Float32Array.from([0.9, 0.1, 0.3, 0.7]));
    expect(response, 'use model.name, model.version, sig.outputName, sig.outputWidth and sig.classLabels').toEqual({
      model_name: 'pets',
      model_version: '7',
      outputs: [
        { name: 'scores', shape: [2, 2], datatype: 'FP32', data: float32([0.9, 0.1, 0.3, 0.7]) },
        { name: 'label', shape: [2], datatype: 'BYTES', data: ['cat', 'dog'] },
      ],
    });
  });
});
