// inferResponseToJson must produce the same JSON value as JSON.stringify.

import { describe, expect, it } from 'vitest';
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
});
