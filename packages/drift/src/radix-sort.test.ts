import { mulberry32 } from '@mlops/dataset';
import { describe, expect, it } from 'vitest';
import { radixSortFloat64 } from './radix-sort';

describe('radixSortFloat64', () => {
  it('sorts like Float64Array.prototype.sort: negatives, -0 and +0, ties, tiny and huge magnitudes', () => {
    const values = Float64Array.of(3, -1, 0, -0, 2.5, -1e300, 1e-300, -1e-300, 1e300, 3, -1, 0.1 + 0.2, 0.3, Number.MIN_VALUE, -Number.MAX_VALUE);
    expect([...radixSortFloat64(values.slice())]).toEqual([...values.slice().sort()]);
    expect(Object.is(radixSortFloat64(Float64Array.of(0, -0))[0], -0)).toBe(true);
  });

  it('sorts 100,000 seeded random values with many ties exactly like the built-in sort', () => {
    const random = mulberry32(3);
    const values = Float64Array.from({ length: 100_000 }, () => Math.round((random() - 0.3) * 2000) / 100);
    expect(radixSortFloat64(values.slice())).toEqual(values.slice().sort());
  });

  it('keeps tiny and constant inputs as they are', () => {
    expect([...radixSortFloat64(Float64Array.of(5))]).toEqual([5]);
    expect([...radixSortFloat64(new Float64Array(5).fill(7))]).toEqual([7, 7, 7, 7, 7]);
  });
});
