// Unit tests of how bad values appear in messages: short, with their length, never serialised whole.

import { describe, expect, it } from 'vitest';
import { describeJsonValue, quoteText } from './value-text';

describe('values in messages', () => {
  it('quotes a short string whole and a long one as its first 100 characters with its length', () => {
    expect(quoteText('oops')).toBe('"oops"');
    expect(quoteText('x'.repeat(900_000))).toBe(`"${'x'.repeat(100)}…" (900000 characters)`);
  });

  it('describes containers by size and infinite numbers as not finite, without serialising them', () => {
    expect(describeJsonValue([1, 2])).toBe('an array of 2 values');
    expect(describeJsonValue(Infinity)).toBe('not a finite number (beyond ±1.8e308, such as 1e400)');
  });
});
