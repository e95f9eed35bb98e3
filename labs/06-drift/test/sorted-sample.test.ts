// Step 1: a sorted copy of a column, as numbers, without touching the caller's array.

import { describe, expect, it } from 'vitest';
import { sortedSample } from '@lab/sorted-sample';

describe('step 1: sortedSample', () => {
  it('sorts as numbers, not as text (10 after 9, negatives first)', () => {
    expect(Array.from(sortedSample([10, 9, 100, -1, 2.5, -20])), 'sort numerically: a plain Array .sort() orders "10" before "9"').toEqual([-20, -1, 2.5, 9, 10, 100]);
  });

  it('returns a Float64Array copy and leaves the input as it was', () => {
    const column = Float64Array.of(3, 1, 2);
    const sorted = sortedSample(column);
    expect(sorted, 'return a Float64Array (the statistics read it with typed-array speed)').toBeInstanceOf(Float64Array);
    expect(Array.from(sorted)).toEqual([1, 2, 3]);
    expect(Array.from(column), "sort a copy: the caller's column must keep its order").toEqual([3, 1, 2]);
    expect(sorted, 'a new array, not the input').not.toBe(column);
    const plain = [5, 4];
    sortedSample(plain);
    expect(plain, "a plain array is not reordered either").toEqual([5, 4]);
  });

  it('sorts large samples too (10,000 values, ties included)', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 1000) / 10 - 20);
    const sorted = sortedSample(values);
    expect(sorted).toHaveLength(10_000);
    for (let i = 1; i < sorted.length; i++) if (sorted[i - 1]! > sorted[i]!) expect.fail(`values ${i - 1} and ${i} are out of order: ${sorted[i - 1]} > ${sorted[i]}`);
    expect([sorted[0], sorted[9_999]]).toEqual([-20, 79.9]);
  });

  it('still rejects an empty sample and a value that is not a number (given code)', () => {
    expect(() => sortedSample([])).toThrow(/empty/);
    expect(() => sortedSample([1, Number.NaN])).toThrow(/value 1 is NaN/);
  });
});
