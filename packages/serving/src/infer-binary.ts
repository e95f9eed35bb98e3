// The binary tensor data extension of the Open Inference Protocol (as Triton and KServe implement it): a JSON
// header then raw little-endian tensor bytes, for inputs (binary_data_size) and requested outputs (binary_data).

import { endianness } from 'node:os';
import { HttpError } from '@mlops/http-service/http-error';
import { FP32_MAX } from './float32';
import { checkInputTensor, type InferLimits, type InferResponse, type ResponseTensor } from './infer-handler';
import { inferResponseToJson } from './infer-response-json';
import type { ModelSignature } from './model-signature';

/** Request and response header giving the length in bytes of the JSON header at the start of the body. */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'Inference-Header-Content-Length';

const BYTES_PER_VALUE: Readonly<Record<string, number>> = { FP32: 4, FP64: 8 };
const LITTLE_ENDIAN = endianness() === 'LE';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Splits a binary infer body at `headerLength` (the `Inference-Header-Content-Length` request header):
 * the JSON header is parsed, and each input with `"parameters": {"binary_data_size": n}` gets its `data`
 * from the next n bytes, in input order, as a Float32Array of checked values (FP64 converted to float32).
 * The result goes to `parseInferRequest` like a parsed JSON body.
 * @throws HttpError 400 naming what to fix: a header length that is not a byte count or is longer than the
 * body, a header that is not JSON, a binary_data_size that does not match shape x datatype size, missing or
 * extra bytes, a value that is not a finite float32; or the 400/413 of the input's shape and datatype checks.
 */
export function parseBinaryInferBody(raw: Buffer, headerLength: string, sig: ModelSignature, limits: InferLimits): unknown {
  if (!/^\d{1,15}$/.test(headerLength.trim())) {
    throw new HttpError(400, `${INFERENCE_HEADER_CONTENT_LENGTH} is ${JSON.stringify(headerLength)}; it must be the length in bytes of the JSON header at the start of the body`);
  }
  const length = Number(headerLength.trim());
  if (length > raw.length) {
    throw new HttpError(400, `${INFERENCE_HEADER_CONTENT_LENGTH} is ${length} but the body has only ${raw.length} bytes; it must be the length of the JSON header at the start of the body`);
  }
  let header: unknown;
  try {
    header = JSON.parse(raw.toString('utf8', 0, length));
  } catch (error) {
    throw new HttpError(400, `the first ${length} bytes of the body (${INFERENCE_HEADER_CONTENT_LENGTH}) are not a valid JSON header: ${(error as Error).message}`);
  }
  if (!isObject(header)) throw new HttpError(400, 'the JSON header must be an object like {"inputs": [{"name", "shape", "datatype", "parameters": {"binary_data_size"}}]}');
  const binary = raw.subarray(length);
  let offset = 0;
  const inputs = header.inputs;
  if (Array.isArray(inputs)) {
    for (const input of inputs) {
      const params: unknown = isObject(input) ? input.parameters : undefined;
      if (!isObject(input) || !isObject(params) || params.binary_data_size === undefined) continue;
      // Shape, datatype, name and row limit are checked first, with the same messages as JSON requests.
      const { rowCount } = checkInputTensor(inputs, sig, limits);
      const label = `input "${sig.inputName}"`;
      const size = params.binary_data_size;
      const datatype = input.datatype as string;
      const expected = rowCount * sig.inputWidth * BYTES_PER_VALUE[datatype]!;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new HttpError(400, `${label} has binary_data_size ${JSON.stringify(size)}; it must be its byte count: ${expected} for shape [${rowCount},${sig.inputWidth}] of ${datatype}`);
      }
      if (input.data !== undefined) throw new HttpError(400, `${label} has both "data" and binary_data_size; send its values in one of them`);
      if (size !== expected) {
        throw new HttpError(400, `${label} has binary_data_size ${size} but shape [${rowCount},${sig.inputWidth}] of ${datatype} takes ${expected} bytes (${BYTES_PER_VALUE[datatype]} per value)`);
      }
      if (offset + size > binary.length) {
        throw new HttpError(400, `${label} needs ${size} bytes of binary data but only ${binary.length - offset} follow the JSON header; send ${expected} bytes of little-endian ${datatype} values after it`);
      }
      input.data = readValues(binary.subarray(offset, offset + size), datatype, sig.inputWidth, label);
      offset += size;
    }
  }
  if (offset !== binary.length) {
    throw new HttpError(400, `${binary.length - offset} bytes follow the JSON header and the inputs' binary_data_size; send exactly the bytes the inputs declare`);
  }
  return header;
}

/** Little-endian FP32 or FP64 bytes as a Float32Array, each value checked to be a finite float32. */
function readValues(bytes: Buffer, datatype: string, width: number, label: string): Float32Array {
  const fp64 = datatype === 'FP64';
  const count = bytes.length / (fp64 ? 8 : 4);
  const out = new Float32Array(count);
  if (!fp64 && LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes); // copy: the body's bytes need not be 4-byte aligned
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i += 1) out[i] = fp64 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
  }
  if (fp64) {
    // The float32 conversion turned too big values into Infinity: check the doubles themselves.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i += 1) {
      const v = view.getFloat64(i * 8, true);
      if (!(v <= FP32_MAX && v >= -FP32_MAX)) badValue(v, i, width, label);
    }
  } else {
    for (let i = 0; i < count; i += 1) {
      const v = out[i]!;
      if (!(v <= FP32_MAX && v >= -FP32_MAX)) badValue(v, i, width, label);
    }
  }
  return out;
}

function badValue(v: number, index: number, width: number, label: string): never {
  const where = `row ${Math.floor(index / width)}, column ${index % width}`;
  throw new HttpError(400, `${label} value at ${where} is ${String(v)}; every value must be a finite number`);
}

/** Which outputs a request wants as binary: see {@link binaryOutputs}. */
export interface BinaryOutputs {
  /** Request-level `"parameters": {"binary_data_output": true}`: every output not saying otherwise. */
  readonly all: boolean;
  /** Outputs with their own `"parameters": {"binary_data": true | false}`, which wins over `all`. */
  readonly own: ReadonlyMap<string, boolean>;
}

/**
 * Reads which outputs to return as binary: those with `"parameters": {"binary_data": true}` in `outputs`,
 * or every output when the request has `"parameters": {"binary_data_output": true}`.
 * @throws HttpError 400 when one of these parameters is not a boolean.
 */
export function binaryOutputs(body: unknown): BinaryOutputs {
  const own = new Map<string, boolean>();
  if (!isObject(body)) return { all: false, own };
  const all = isObject(body.parameters) ? body.parameters.binary_data_output : undefined;
  if (all !== undefined && typeof all !== 'boolean') throw new HttpError(400, `"parameters": {"binary_data_output"} must be true or false, not ${JSON.stringify(all)}`);
  if (Array.isArray(body.outputs)) {
    for (const o of body.outputs) {
      if (!isObject(o) || !isObject(o.parameters) || o.parameters.binary_data === undefined) continue;
      const flag = o.parameters.binary_data;
      if (typeof flag !== 'boolean') throw new HttpError(400, `output ${JSON.stringify(o.name)} has "binary_data" ${JSON.stringify(flag)}; it must be true or false`);
      if (typeof o.name === 'string') own.set(o.name, flag);
    }
  }
  return { all: all === true, own };
}

/** True when output `name` is to be returned as binary. */
export const isBinaryOutput = (b: BinaryOutputs, name: string): boolean => b.own.get(name) ?? b.all;

/**
 * The binary response of the extension, or undefined when no output is binary (then answer JSON as usual):
 * the JSON header ({@link inferResponseToJson}: binary outputs carry `"parameters": {"binary_data_size": n}`
 * instead of `data`) followed by each binary output's bytes in output order. Send it with
 * `Inference-Header-Content-Length: headerLength` and `Content-Type: application/octet-stream`.
 */
export function inferResponseToBinary(response: InferResponse, binary: BinaryOutputs): { body: Buffer; headerLength: number } | undefined {
  const parts: Buffer[] = [];
  const sizes = new Map<string, number>();
  for (const t of response.outputs) {
    if (!isBinaryOutput(binary, t.name)) continue;
    const bytes = tensorBytes(t);
    parts.push(bytes);
    sizes.set(t.name, bytes.length);
  }
  if (parts.length === 0) return undefined;
  const header = Buffer.from(inferResponseToJson(response, { shortestFloat32: true, binaryDataSize: sizes }), 'utf8');
  return { body: Buffer.concat([header, ...parts]), headerLength: header.length };
}

/**
 * The raw bytes of one output tensor: FP32 values as little-endian float32; BYTES elements each as a
 * 4-byte little-endian length and its UTF-8 bytes (the extension's BYTES layout).
 */
export function tensorBytes(tensor: ResponseTensor): Buffer {
  if (tensor.datatype === 'FP32') {
    const values = Float32Array.from(tensor.data as readonly number[]);
    if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    const out = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => out.writeFloatLE(v, i * 4));
    return out;
  }
  // Labels repeat (a few classes, many rows): encode each distinct one once.
  const encoded = new Map<string, Buffer>();
  const parts = (tensor.data as readonly string[]).map((s) => {
    let bytes = encoded.get(s);
    if (bytes === undefined) encoded.set(s, (bytes = Buffer.from(String(s), 'utf8')));
    return bytes;
  });
  let size = 0;
  for (const p of parts) size += 4 + p.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) {
    out.writeUInt32LE(p.length, at);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}
