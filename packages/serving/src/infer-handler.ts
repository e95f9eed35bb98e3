// Open Inference Protocol v2 infer: request body -> checked float32 tensor, model outputs -> response body.

import { HttpError } from '@mlops/http-service/http-error';
import { describeJsonValue } from '@mlops/http-service/value-text';
import { FP32_MAX } from './float32';
import { LABEL_OUTPUT, type ModelSignature } from './model-signature';

/**
 * Datatypes accepted for the input tensor: the model takes float32, FP64 values are converted to it.
 * Integer datatypes are refused rather than half-checked: the wine features are fractions (pH 3.51),
 * and `INT8` with 7.4 must not pass as if it were the float it is not.
 */
export const ACCEPTED_DATATYPES: readonly string[] = ['FP32', 'FP64'];

/** A checked infer request, ready for the model. */
export interface InferRequest {
  /** The caller's request id, echoed in the response. */
  readonly id: string | undefined;
  /** Rows of features, row-major, `rowCount * inputWidth` values. */
  readonly features: Float32Array;
  readonly rowCount: number;
  /** Names of the outputs to return, in order: the model's output and/or {@link LABEL_OUTPUT}. */
  readonly outputs: readonly string[];
}

/** One tensor of a v2 response. */
export interface ResponseTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: 'FP32' | 'BYTES';
  readonly data: readonly (number | string)[];
}

/** A v2 inference response body. */
export interface InferResponse {
  readonly model_name: string;
  readonly model_version: string;
  readonly id?: string;
  readonly outputs: readonly ResponseTensor[];
}

/** Limits on one request. */
export interface InferLimits {
  /** Most rows one request may carry (answered with 413 above it). */
  readonly maxRows: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a v2 infer body against the model's signature and turns it into a float32 tensor.
 * `data` may be flat (`[1, 2, ...]`) or nested by row (`[[1, 2, ...], ...]`).
 * @throws HttpError 400 saying what to fix, or 413 when there are more than `limits.maxRows` rows.
 * @example parseInferRequest({ inputs: [{ name: 'features', shape: [1, 11], datatype: 'FP32', data: [...] }] }, sig, { maxRows: 1024 })
 */
export function parseInferRequest(body: unknown, sig: ModelSignature, limits: InferLimits): InferRequest {
  if (!isObject(body)) throw new HttpError(400, 'the body must be a JSON object like {"inputs": [{"name", "shape", "datatype", "data"}]}');
  const id = body.id;
  if (id !== undefined && typeof id !== 'string') throw new HttpError(400, '"id" must be a string when given');
  if (body.parameters !== undefined && !isObject(body.parameters)) throw new HttpError(400, '"parameters" must be an object when given');
  const outputs = parseRequestedOutputs(body.outputs, sig);

  const { data, rowCount } = checkInputTensor(body.inputs, sig, limits);
  const label = `input "${sig.inputName}"`;
  // A Float32Array only comes from the infer router's fast body parser (parseInferBody), whose values are
  // already checked numbers; a body parsed as plain JSON always has an array (or nothing) here.
  const features = data instanceof Float32Array ? checkCount(data, rowCount, sig.inputWidth, label) : readTensorData(data, rowCount, sig.inputWidth, label);
  return { id, features, rowCount, outputs };
}

function checkCount(data: Float32Array, rows: number, width: number, label: string): Float32Array {
  if (data.length !== rows * width) throw new HttpError(400, `${label} has shape [${rows},${width}] but ${data.length} values; expected ${rows * width}`);
  return data;
}

/**
 * Finds the one input tensor and checks its name, datatype and shape `[rows, width]`.
 * @returns its (still unchecked) `data` and the row count.
 * @throws HttpError 400 saying what to fix, or 413 when there are more than `limits.maxRows` rows.
 */
export function checkInputTensor(inputs: unknown, sig: ModelSignature, limits: InferLimits): { data: unknown; rowCount: number } {
  // #region solution step 1: find the one input tensor and check its name, datatype and shape [rows, width]
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new HttpError(400, `"inputs" must be a non-empty array of tensors; this model takes one input named "${sig.inputName}"`);
  }
  if (inputs.length > 1) throw new HttpError(400, `got ${inputs.length} inputs; this model takes exactly one, named "${sig.inputName}"`);
  const input: unknown = inputs[0];
  if (!isObject(input)) throw new HttpError(400, 'each input must be an object with "name", "shape", "datatype" and "data"');
  if (input.name !== sig.inputName) {
    throw new HttpError(400, `unknown input ${JSON.stringify(input.name)}; this model takes one input named "${sig.inputName}"`);
  }
  const label = `input "${sig.inputName}"`;
  if (typeof input.datatype !== 'string' || !ACCEPTED_DATATYPES.includes(input.datatype)) {
    throw new HttpError(400, `${label} has datatype ${JSON.stringify(input.datatype)}; this model takes floating-point numbers: use "FP32" (or "FP64")`);
  }
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every(Number.isSafeInteger)) {
    throw new HttpError(400, `${label} has shape ${JSON.stringify(shape)}; use [rows, ${sig.inputWidth}]`);
  }
  const [rowCount, width] = shape as [number, number];
  if (width !== sig.inputWidth) throw new HttpError(400, `${label} has shape [${rowCount},${width}]; each row needs ${sig.inputWidth} values: use [${rowCount},${sig.inputWidth}]`);
  if (rowCount < 1) throw new HttpError(400, `${label} has shape [${rowCount},${width}]; send at least one row`);
  if (rowCount > limits.maxRows) throw new HttpError(413, `${label} has ${rowCount} rows; at most ${limits.maxRows} per request: split it`);
  return { data: input.data, rowCount };
  // #endregion solution
}

/**
 * Copies flat or row-nested JSON numbers into a Float32Array of exactly `rows * width` values.
 * @throws HttpError 400 naming the count or the first value that is not a finite float32.
 */
export function readTensorData(data: unknown, rows: number, width: number, label: string): Float32Array {
  // #region solution step 2: copy the numbers (flat or one array per row) into a Float32Array, checking count and values
  const expected = rows * width;
  if (!Array.isArray(data)) throw new HttpError(400, `${label} needs "data": an array of ${expected} numbers, flat or one array per row`);
  const nested = Array.isArray(data[0]);
  const values: unknown[] = nested ? data.flat() : data;
  if (values.length !== expected) {
    throw new HttpError(400, `${label} has shape [${rows},${width}] but ${values.length} values; expected ${expected}`);
  }
  const badRow = nested ? data.findIndex((row) => !Array.isArray(row) || row.length !== width) : -1;
  if (badRow !== -1) throw new HttpError(400, `${label} row ${badRow} must be an array of ${width} numbers`);
  return Float32Array.from(values, (v, i) => checkValue(v, i, width, label));
  // #endregion solution
}

/** Returns `v` when it is a finite number float32 can hold; otherwise a 400 naming its row and column. */
function checkValue(v: unknown, index: number, width: number, label: string): number {
  if (typeof v === 'number' && v <= FP32_MAX && v >= -FP32_MAX) return v;
  const where = `row ${Math.floor(index / width)}, column ${index % width}`;
  const what = typeof v === 'number' && Number.isFinite(v) ? `${v}, beyond float32's range (±3.4e38)` : describeJsonValue(v);
  throw new HttpError(400, `${label} value at ${where} is ${what}; every value must be a finite number`);
}

/** Output names to return: all (model output, then label) when `outputs` is omitted. */
function parseRequestedOutputs(outputs: unknown, sig: ModelSignature): string[] {
  const known = [sig.outputName, LABEL_OUTPUT];
  if (outputs === undefined) return known;
  if (!Array.isArray(outputs) || outputs.length === 0) {
    throw new HttpError(400, `"outputs" must be a non-empty array like [{"name": "${sig.outputName}"}] when given`);
  }
  const names: string[] = [];
  for (const o of outputs) {
    const name = isObject(o) ? o.name : undefined;
    if (typeof name !== 'string' || !known.includes(name)) {
      throw new HttpError(400, `unknown output ${JSON.stringify(name ?? o)}; this model has outputs "${known.join('", "')}"`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Builds the v2 response: the probabilities as an FP32 tensor [rows, classes] and/or the most probable
 * class label of each row as a BYTES tensor [rows], in the order the request asked for them.
 */
export function buildInferResponse(
  model: { readonly name: string; readonly version: string; readonly signature: ModelSignature },
  request: InferRequest,
  probabilities: Float32Array,
): InferResponse {
  // #region solution step 3: wrap the probabilities (and the argmax labels) as v2 output tensors
  const { outputName, outputWidth, classLabels } = model.signature;
  const rows = request.rowCount;
  const outputs = request.outputs.map((name): ResponseTensor => {
    if (name === outputName) return { name, shape: [rows, outputWidth], datatype: 'FP32', data: Array.from(probabilities) };
    // Argmax of each row in place: no subarray or spread per row (1,024 of each cost more than the model run).
    const labels = new Array<string>(rows);
    for (let r = 0, at = 0; r < rows; r += 1, at += outputWidth) {
      let best = 0;
      for (let c = 1; c < outputWidth; c += 1) if (probabilities[at + c]! > probabilities[at + best]!) best = c;
      labels[r] = classLabels[best]!;
    }
    return { name, shape: [rows], datatype: 'BYTES', data: labels };
  });
  const response: InferResponse = { model_name: model.name, model_version: model.version, outputs };
  return request.id === undefined ? response : { ...response, id: request.id };
  // #endregion solution
}
