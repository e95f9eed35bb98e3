// parseInferBody must agree with JSON.parse on every input: same value (data as float32), same rejections.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { parseInferBody } from './infer-body';

/** What parseInferBody should return: JSON.parse, with a flat numeric single-input data as float32. */
function expected(text: string): unknown {
  return asFloat32(JSON.parse(text));
}

/** Turns a flat numeric single-input data into float32 (the slow path may leave it a plain array). */
function asFloat32(parsed: unknown): unknown {
  const value = parsed as { inputs?: { data?: unknown }[] };
  const data = value?.inputs?.[0]?.data;
  if (value?.inputs?.length === 1 && Array.isArray(data) && data.every((v) => typeof v === 'number')) {
    const f32 = Float32Array.from(data as number[]);
    if (f32.every(Number.isFinite)) value.inputs[0]!.data = f32;
  }
  return value;
}

const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => Math.fround(v)));
const spaces = fc.constantFrom('', ' ', '\n ', '\t');

describe('parseInferBody', () => {
  it('scans flat numeric data into exactly the float32 values JSON.parse gives', () => {
    fc.assert(
      fc.property(fc.array(number, { maxLength: 40 }), spaces, fc.option(fc.string()), (data, sp, id) => {
        const text = `{"id":${JSON.stringify(id)},"inputs":[{"name":"features","data":${sp}[${sp}${data.map((v) => JSON.stringify(v)).join(`${sp},${sp}`)}${sp}]}]}`;
        expect(asFloat32(parseInferBody(Buffer.from(text)))).toEqual(expected(text));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse when keys are spelled with escapes, as in "d\\u0061ta" next to parameters.data', () => {
    // Each spelling decodes to "data" (or to another key); only JSON.parse knows which one is inputs[0].data.
    const key = fc.constantFrom('"data"', '"d\\u0061ta"', '"\\u0064ata"', '"dat\\u0061"', '"d\\u0061t"', '"name"');
    const values = fc.array(number, { maxLength: 12 }).map((d) => `[${d.map((v) => JSON.stringify(v)).join(',')}]`);
    const value = fc.oneof(values, fc.constantFrom('0', '"x"', 'null'));
    fc.assert(
      fc.property(key, value, key, values, fc.boolean(), (inputKey, inputValue, paramKey, paramValue, paramsFirst) => {
        const input = `{"name":"features",${inputKey}:${inputValue}}`;
        const params = `"parameters":{${paramKey}:${paramValue}}`;
        const text = paramsFirst ? `{${params},"inputs":[${input}]}` : `{"inputs":[${input}],${params}}`;
        expect(asFloat32(parseInferBody(Buffer.from(text))), text).toEqual(expected(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never scores parameters.data in place of an escaped inputs[0] "d\\u0061ta"', () => {
    const eleven = '[7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4]';
    const text = `{"inputs":[{"name":"features","shape":[1,11],"datatype":"FP32","d\\u0061ta":0}],"parameters":{"data":${eleven}}}`;
    const body = parseInferBody(Buffer.from(text)) as { inputs: { data: unknown }[]; parameters: { data: unknown } };
    expect(body.inputs[0]!.data, 'inputs[0].data is what JSON.parse says: 0').toBe(0);
    expect(body.parameters.data).toEqual(JSON.parse(eleven));
  });

  it('returns a Float32Array for plain decimal data', () => {
    const body = parseInferBody(Buffer.from('{"inputs":[{"name":"features","data":[7.4,-0.7,0,1e3,12345678901234567]}]}')) as { inputs: { data: unknown }[] };
    expect(body.inputs[0]!.data, 'the fast path returns float32').toBeInstanceOf(Float32Array);
    expect(body.inputs[0]!.data).toEqual(Float32Array.from([7.4, -0.7, 0, 1000, 12345678901234567]));
  });

  it('agrees with JSON.parse on arbitrary text, rejecting exactly what it rejects with a 400', () => {
    const pieces = fc.constantFrom('{', '}', '[', ']', ',', ':', '"data"', '"inputs"', '1', '-', '0', '.5', '1.', 'e5', '01', ' ', '"x"', '\\', 'null', '[1,2]');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 25 }), (parts) => {
        const text = `{"inputs":[{"data":${parts.join('')}`;
        let want: unknown;
        try {
          want = expected(text);
        } catch {
          const error = (() => {
            try {
              parseInferBody(Buffer.from(text));
            } catch (e) {
              return e;
            }
            return undefined;
          })();
          expect(error, text).toBeInstanceOf(HttpError);
          expect((error as HttpError).status).toBe(400);
          return;
        }
        expect(asFloat32(parseInferBody(Buffer.from(text)))).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['[1,]', '[,1]', '[01]', '[1.]', '[.5]', '[+1]', '[1 2]', '[-]', '[1e]', '[0x10]'])('rejects the invalid data %s like JSON.parse', (data) => {
    expect(() => parseInferBody(Buffer.from(`{"inputs":[{"data":${data}}]}`))).toThrow(/not valid JSON/);
  });

  it('leaves nested rows and several data keys to JSON.parse', () => {
    const nested = parseInferBody(Buffer.from('{"inputs":[{"data":[[1,2],[3,4]]}]}')) as { inputs: { data: unknown }[] };
    expect(nested.inputs[0]!.data).toEqual([[1, 2], [3, 4]]);
    const two = parseInferBody(Buffer.from('{"inputs":[{"data":[1]},{"data":[2]}]}')) as { inputs: { data: unknown }[] };
    expect(two.inputs.map((i) => i.data)).toEqual([[1], [2]]);
    const big = parseInferBody(Buffer.from('{"inputs":[{"data":[1e39]}]}')) as { inputs: { data: unknown }[] };
    expect(big.inputs[0]!.data, 'too big for float32: left for the handler to reject with its message').toEqual([1e39]);
  });
});
