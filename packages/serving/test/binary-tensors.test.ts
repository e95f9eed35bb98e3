// The binary tensor data extension over real HTTP: binary inputs and outputs give the JSON path's results, and every mistake a 400.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { binaryOutputs as readBinaryOutputs, parseBinaryInferBody, parseInferRequest } from '../src/index';
import { distinctRows, MODEL, referenceScores } from './helpers/model-fixture';
import { listen } from './helpers/listening';
import { inferBody, openServedApp } from './helpers/served-app';

let served: Awaited<ReturnType<typeof openServedApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let url: string;
beforeAll(async () => {
  served = await openServedApp({ maxRowsPerRequest: 100, bodyLimit: '8kb' });
  server = await listen(served.app);
  url = `${server.url}/v2/models/${MODEL}/infer`;
});
afterAll(async () => {
  await server.close();
  await served.close();
});

const HEADER = 'Inference-Header-Content-Length';

interface Answer {
  status: number;
  contentType: string;
  headerLength: string | null;
  /** The JSON (or JSON header of a binary answer). */
  json: Record<string, any>;
  /** The bytes after the JSON header. */
  binary: Buffer;
}

/** POSTs a JSON header plus raw bytes as the extension does (or plain JSON when `parts` is undefined). */
async function post(header: unknown, parts?: Buffer[], opts: { headerLength?: string; contentType?: string } = {}): Promise<Answer> {
  const json = Buffer.from(JSON.stringify(header));
  const binary = parts !== undefined;
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? (binary ? 'application/octet-stream' : 'application/json') };
  if (binary) headers[HEADER] = opts.headerLength ?? String(json.length);
  const res = await fetch(url, { method: 'POST', headers, body: binary ? Buffer.concat([json, ...parts]) : json });
  const body = Buffer.from(await res.arrayBuffer());
  const headerLength = res.headers.get(HEADER);
  const n = headerLength === null ? body.length : Number(headerLength);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headerLength, json: JSON.parse(body.toString('utf8', 0, n)), binary: body.subarray(n) };
}

const fp32 = (values: readonly number[]): Buffer => Buffer.from(Float32Array.from(values).buffer);
const fp64 = (values: readonly number[]): Buffer => Buffer.from(Float64Array.from(values).buffer);
const binaryInput = (rows: number, datatype: 'FP32' | 'FP64', size: number, extra: Record<string, unknown> = {}) => ({
  inputs: [{ name: 'features', shape: [rows, 11], datatype, parameters: { binary_data_size: size } }],
  ...extra,
});
const BINARY_OUTPUTS = { outputs: [{ name: 'probabilities', parameters: { binary_data: true } }, { name: 'label', parameters: { binary_data: true } }] };

/** BYTES tensor elements: a 4-byte little-endian length, then the UTF-8 bytes. */
function readBytesTensor(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = bytes.readUInt32LE(at);
    out.push(bytes.toString('utf8', at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/** The binary outputs of an answer, split by their binary_data_size, decoded by datatype. */
function binaryOutputs(a: Answer): Record<string, number[] | string[]> {
  const out: Record<string, number[] | string[]> = {};
  let at = 0;
  for (const o of a.json.outputs as { name: string; datatype: string; parameters?: { binary_data_size?: number } }[]) {
    const size = o.parameters?.binary_data_size;
    if (size === undefined) continue;
    const bytes = a.binary.subarray(at, at + size);
    at += size;
    out[o.name] = o.datatype === 'FP32' ? Array.from(new Float32Array(Uint8Array.from(bytes).buffer)) : readBytesTensor(bytes);
  }
  expect(at, 'the binary outputs use up every byte after the JSON header').toBe(a.binary.length);
  return out;
}

describe('binary tensor data extension', () => {
  it('gives the same probabilities and labels for binary FP32 inputs and outputs as for the same rows in JSON', async () => {
    const data = distinctRows(64, 5);
    const viaJson = await post(inferBody(data, 64, { id: 'j' }));
    expect(viaJson.status).toBe(200);
    expect(viaJson.headerLength).toBeNull();
    const viaBinary = await post(binaryInput(64, 'FP32', 64 * 11 * 4, { id: 'b', ...BINARY_OUTPUTS }), [fp32(data)]);
    expect(viaBinary.status, JSON.stringify(viaBinary.json)).toBe(200);
    expect(viaBinary.contentType).toMatch(/^application\/octet-stream/);
    expect(viaBinary.json).toEqual({
      model_name: MODEL,
      model_version: viaJson.json.model_version,
      id: 'b',
      outputs: [
        { name: 'probabilities', shape: [64, 3], datatype: 'FP32', parameters: { binary_data_size: 64 * 3 * 4 } },
        { name: 'label', shape: [64], datatype: 'BYTES', parameters: { binary_data_size: expect.any(Number) } },
      ],
    });
    const decoded = binaryOutputs(viaBinary);
    expect(decoded.probabilities).toEqual(viaJson.json.outputs[0].data.map(Math.fround));
    expect(decoded.probabilities).toEqual(await referenceScores(data, 64));
    expect(decoded.label).toEqual(viaJson.json.outputs[1].data);
  });

  it('converts FP64 binary inputs to float32 exactly as FP32 JSON inputs are', async () => {
    const data = distinctRows(5, 2);
    const viaJson = await post(inferBody(data, 5));
    const viaBinary = await post(binaryInput(5, 'FP64', 5 * 11 * 8, BINARY_OUTPUTS), [fp64(data)]);
    expect(viaBinary.status, JSON.stringify(viaBinary.json)).toBe(200);
    expect(binaryOutputs(viaBinary).probabilities).toEqual(viaJson.json.outputs[0].data.map(Math.fround));
  });

  it('answers JSON to binary inputs when no output asks for binary, and binary to JSON inputs that ask for it', async () => {
    const data = distinctRows(3, 9);
    const viaJson = await post(inferBody(data, 3));
    const binaryIn = await post(binaryInput(3, 'FP32', 3 * 11 * 4), [fp32(data)]);
    expect([binaryIn.status, binaryIn.headerLength, binaryIn.contentType]).toEqual([200, null, expect.stringMatching(/^application\/json/)]);
    expect(binaryIn.json).toEqual(viaJson.json);

    const binaryOut = await post(inferBody(data, 3, { parameters: { binary_data_output: true } }));
    expect(binaryOut.contentType).toMatch(/^application\/octet-stream/);
    expect(binaryOutputs(binaryOut)).toEqual({ probabilities: viaJson.json.outputs[0].data.map(Math.fround), label: viaJson.json.outputs[1].data });

    // An output's own binary_data wins over the request's binary_data_output.
    const mixed = await post(inferBody(data, 3, { parameters: { binary_data_output: true }, outputs: [{ name: 'probabilities' }, { name: 'label', parameters: { binary_data: false } }] }));
    expect(mixed.json.outputs[1]).toEqual(viaJson.json.outputs[1]);
    expect(binaryOutputs(mixed)).toEqual({ probabilities: viaJson.json.outputs[0].data.map(Math.fround) });
  });

  it('answers 400 naming what to fix for every malformed binary request', async () => {
    const row = distinctRows(1);
    const cases: [string, Promise<Answer>, RegExp][] = [
      ['binary_data_size not shape x datatype size', post(binaryInput(1, 'FP32', 40), [fp32(row).subarray(0, 40)]), /binary_data_size 40 but shape \[1,11\] of FP32 takes 44 bytes/],
      ['FP64 declared, FP32 size sent', post(binaryInput(1, 'FP64', 44), [fp32(row)]), /binary_data_size 44 but shape \[1,11\] of FP64 takes 88 bytes/],
      ['binary_data_size not a number', post(binaryInput(1, 'FP32', '44' as unknown as number), [fp32(row)]), /binary_data_size "44"; it must be its byte count: 44/],
      ['header length larger than the body', post(binaryInput(1, 'FP32', 44), [fp32(row)], { headerLength: '100000' }), /Inference-Header-Content-Length is 100000 but the body has only \d+ bytes/],
      ['header length not a number', post(binaryInput(1, 'FP32', 44), [fp32(row)], { headerLength: 'abc' }), /Inference-Header-Content-Length is "abc"; it must be the length in bytes/],
      ['missing bytes', post(binaryInput(1, 'FP32', 44), [fp32(row).subarray(0, 30)]), /needs 44 bytes of binary data but only 30 follow the JSON header/],
      ['extra bytes', post(binaryInput(1, 'FP32', 44), [fp32(row), Buffer.alloc(4)]), /4 bytes follow the JSON header and the inputs' binary_data_size/],
      ['bytes but no binary input', post(inferBody(row, 1), [fp32(row)]), /44 bytes follow the JSON header/],
      ['header not JSON', post(binaryInput(1, 'FP32', 44), [fp32(row)], { headerLength: '5' }), /the first 5 bytes of the body \(Inference-Header-Content-Length\) are not a valid JSON header/],
      ['data and binary_data_size', post({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: row, parameters: { binary_data_size: 44 } }] }, [fp32(row)]), /has both "data" and binary_data_size/],
      ['NaN in FP32 bytes', post(binaryInput(1, 'FP32', 44), [fp32([...row.slice(0, 10), Number.NaN])]), /value at row 0, column 10 is NaN; every value must be a finite number/],
      ['FP64 beyond float32', post(binaryInput(1, 'FP64', 88), [fp64([1e39, ...row.slice(1)])]), /value at row 0, column 0 is 1e\+39; every value must be a finite number/],
      ['integer datatype', post(binaryInput(1, 'INT8' as 'FP32', 11), [Buffer.alloc(11)]), /has datatype "INT8"; this model takes floating-point numbers/],
      ['wrong shape', post(binaryInput(1, 'FP32', 44, { inputs: [{ name: 'features', shape: [1, 10], datatype: 'FP32', parameters: { binary_data_size: 40 } }] }), [fp32(row).subarray(0, 40)]), /each row needs 11 values/],
      ['binary_data not a boolean', post(binaryInput(1, 'FP32', 44, { outputs: [{ name: 'label', parameters: { binary_data: 'yes' } }] }), [fp32(row)]), /output "label" has "binary_data" "yes"; it must be true or false/],
    ];
    for (const [what, answer, message] of cases) {
      const a = await answer;
      expect([what, a.status], JSON.stringify(a.json)).toEqual([what, 400]);
      expect(a.json, what).toEqual({ error: expect.stringMatching(message) });
    }
  });

  it('answers 413 for a binary body over the body limit, and for too many rows', async () => {
    const big = await post(binaryInput(100, 'FP64', 100 * 11 * 8), [fp64(distinctRows(100))]);
    expect(big.status).toBe(413);
    expect(big.json).toEqual({ error: expect.any(String) });
    const rows = await post(binaryInput(101, 'FP32', 101 * 11 * 4), [Buffer.alloc(16)]);
    expect([rows.status, rows.json.error]).toEqual([413, 'input "features" has 101 rows; at most 100 per request: split it']);
  });

  it('turns any binary body into a request or a 4xx HttpError, never anything else (in-process, property)', () => {
    const sig = served.registry.get(MODEL)!.signature;
    const input = fc.record(
      {
        name: fc.constantFrom('features', 'x'),
        shape: fc.oneof(fc.tuple(fc.integer({ min: -1, max: 5 }), fc.constantFrom(11, 10)), fc.anything()),
        datatype: fc.constantFrom('FP32', 'FP64', 'INT8', 'BYTES'),
        data: fc.option(fc.array(fc.double(), { maxLength: 30 }), { nil: undefined }),
        parameters: fc.oneof(fc.record({ binary_data_size: fc.oneof(fc.nat(500), fc.constantFrom(44, 88, 176), fc.anything()) }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const header = fc.oneof(
      fc.record({ inputs: fc.array(input, { maxLength: 2 }), outputs: fc.anything(), parameters: fc.anything() }, { requiredKeys: ['inputs'] }),
      fc.anything(),
    );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 200 }), fc.option(fc.string(), { nil: undefined }), (h, bytes, lengthText) => {
        const json = Buffer.from(JSON.stringify(h) ?? 'null');
        const raw = Buffer.concat([json, Buffer.from(bytes)]);
        try {
          const body = parseBinaryInferBody(raw, lengthText ?? String(json.length), sig, { maxRows: 4 });
          parseInferRequest(body, sig, { maxRows: 4 });
          readBinaryOutputs(body);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect((error as HttpError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
