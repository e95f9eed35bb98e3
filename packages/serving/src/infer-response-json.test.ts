// inferResponseToJson must produce the same JSON value as JSON.stringify.

import { describe, expect, it } from 'vitest';
import { shortestFloat32 } from './float32';
import { inferResponseToJson } from './infer-response-json';

describe('inferResponseToJson', () => {
  it('parses back to the same value JSON.stringify gives, float32 values included', () => {
    const probabilities = Array.from(Float32Array.from([0.1, 0.2, 0.7, 1e-9, 0.5, 0.5 - 1e-9]));
    const response = {
      model_name: 'wine-quality',
      model_version: '1',
      id: 'a "quoted" id',
      outputs: [
        { name: 'probabilities', shape: [2, 3], datatype: 'FP32' as const, data: probabilities },
        { name: 'label', shape: [2], datatype: 'BYTES' as const, data: ['high', 'medium'] },
      ],
    };
    expect(JSON.parse(inferResponseToJson(response))).toEqual(JSON.parse(JSON.stringify(response)));
    expect(inferResponseToJson({ ...response, id: undefined })).not.toContain('"id"');
  });

  it('writes non-finite numbers as null, like JSON.stringify', () => {
    const response = { model_name: 'm', model_version: '1', outputs: [{ name: 'p', shape: [2], datatype: 'FP32' as const, data: [Number.NaN, 1] }] };
    expect(inferResponseToJson(response)).toBe(JSON.stringify(response));
  });

  it('writes FP32 data in its shortest float32 text with shortestFloat32, and leaves BYTES data alone', () => {
    const data = Array.from(Float32Array.from([0.1, 1 / 3, 0.7996414303779602, 1e-9, 0, -0.25]));
    const response = {
      model_name: 'wine-quality',
      model_version: '1',
      outputs: [
        { name: 'probabilities', shape: [2, 3], datatype: 'FP32' as const, data },
        { name: 'label', shape: [2], datatype: 'BYTES' as const, data: ['0.1', 'medium'] },
      ],
    };
    const text = inferResponseToJson(response, { shortestFloat32: true });
    expect(text).toContain('"data":[0.1,0.33333334,0.79964143,1e-9,0,-0.25]');
    const parsed = JSON.parse(text);
    expect(parsed.outputs[0].data.map(Math.fround)).toEqual(data);
    expect(parsed.outputs[1]).toEqual(response.outputs[1]);
    expect(data.map(shortestFloat32).join(',')).toBe('0.1,0.33333334,0.79964143,1e-9,0,-0.25');
    expect(inferResponseToJson(response), 'without the option: exact doubles, as before').toBe(JSON.stringify(response));
  });

  it('writes non-finite FP32 values as null with shortestFloat32 too', () => {
    const response = { model_name: 'm', model_version: '1', outputs: [{ name: 'p', shape: [3], datatype: 'FP32' as const, data: [Number.NaN, Math.fround(0.1), Number.POSITIVE_INFINITY] }] };
    expect(inferResponseToJson(response, { shortestFloat32: true })).toBe('{"model_name":"m","model_version":"1","outputs":[{"name":"p","shape":[3],"datatype":"FP32","data":[null,0.1,null]}]}');
  });
});
