// shortestFloat32: reads back as the same float32, and no text with fewer digits would.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FP32_MAX, shortestFloat32, shortestFloat32Double, shortestFloat32Slow } from './float32';

const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);
/** The float32 with these bits. */
const fromBits = (b: number): number => {
  bits[0] = b;
  return asFloat[0]!;
};

/** Significant digits of a JS number text, trailing zeros of an integer not counted (1200 has 2). */
function digits(s: string): number {
  const mantissa = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return mantissa.length;
}

/** What is wrong with the text of one float32 (reads back, JSON, as short as the definition, no shorter), or undefined. */
function problem(v: number): string | undefined {
  const s = shortestFloat32(v);
  if (Math.fround(Number(s)) !== v) return `${s} does not read back as ${v}`;
  if (JSON.parse(s) !== Number(s)) return `${s} is not a JSON number`;
  if (String(shortestFloat32Double(v)) !== s) return `shortestFloat32Double(${v}) prints ${shortestFloat32Double(v)}, not ${s}`;
  if (s !== shortestFloat32Slow(v)) return `${v} printed ${s}; the definition gives ${shortestFloat32Slow(v)}`;
  const n = digits(s);
  if (n > 1) {
    // The (n-1)-digit decimals around v: the nearest one and its neighbours on that grid. None may read back
    // (and then no coarser grid's decimal can either: coarser grids are subsets).
    const [mantissa, exponent] = v.toExponential(n - 2).split('e') as [string, string];
    const m = BigInt(mantissa.replace('.', ''));
    for (const other of [m - 1n, m, m + 1n]) {
      const shorter = `${other}e${Number(exponent) - (n - 2)}`;
      if (Math.fround(Number(shorter)) === v) return `${shorter} has fewer digits than ${s} and reads back as ${v}`;
    }
  }
  return undefined;
}

/** Every problem among `values`, for one assertion over many values. */
const problems = (values: Iterable<number>): string[] => [...values].map(problem).filter((p): p is string => p !== undefined);

function* range(from: number, to: number, step: number): Generator<number> {
  for (let b = from; b < to; b += step) yield fromBits(b);
}

describe('shortestFloat32', () => {
  it('prints 0.1f as 0.1 and 1/3 as 0.33333334, as numpy does for float32', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe('0.1');
    expect(shortestFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(shortestFloat32(Math.fround(0.7996414303779602))).toBe('0.79964143');
    expect(shortestFloat32(Math.fround(123456789))).toBe('123456790');
  });

  it('prints 0 and -0 as 0, like JSON.stringify', () => {
    expect(shortestFloat32(0)).toBe('0');
    expect(shortestFloat32(-0)).toBe('0');
  });

  it('prints the extremes: max float32, smallest normal, subnormals', () => {
    expect(shortestFloat32(FP32_MAX)).toBe('3.4028235e+38');
    expect(shortestFloat32(-FP32_MAX)).toBe('-3.4028235e+38');
    expect(shortestFloat32(fromBits(0x00800000))).toBe('1.1754944e-38');
    expect(shortestFloat32(fromBits(1))).toBe('1e-45');
    expect(shortestFloat32(fromBits(2))).toBe('3e-45');
    expect(shortestFloat32(fromBits(0x007fffff))).toBe('1.1754942e-38');
    expect(problems([1, 2, 3, 0x7ff, 0x7fffff, 0x00800000, 0x7f7fffff, 0x7f7ffffe].map(fromBits))).toEqual([]);
  });

  it('prints values near powers of ten, on both sides', () => {
    const near: number[] = [];
    for (let e = -45; e <= 38; e += 1) {
      const v = Math.fround(Number(`1e${e}`));
      if (v === 0) continue;
      const b = new Uint32Array(new Float32Array([v]).buffer)[0]!;
      for (let d = -3; d <= 3; d += 1) near.push(fromBits(b + d), -fromBits(b + d));
    }
    expect(problems(near.filter(Number.isFinite))).toEqual([]);
    expect(shortestFloat32(Math.fround(1e-7))).toBe('1e-7');
    expect(shortestFloat32(Math.fround(1e21))).toBe('1e+21');
    expect(shortestFloat32(Math.fround(9.999999e-7))).toBe('9.999999e-7');
  });

  it('prints every power of two (uneven rounding interval) as the definition does', () => {
    expect(problems(range(0x00800000, 0x7f800000, 0x00800000))).toEqual([]);
    expect(problems(Array.from({ length: 23 }, (_, k) => fromBits(1 << k)))).toEqual([]); // subnormal powers of two
    // Here the nearest 8-digit decimal (below) misses the narrow lower half-interval; the one above reads back.
    expect(shortestFloat32(2 ** 87)).toBe('1.5474251e+26');
  });

  it('agrees with the definition on an even sample of all float32 bit patterns', () => {
    expect(problems(range(1, 0x7f800000, 0x1fff))).toEqual([]);
  });

  it('reads back as the same float32 and has the fewest digits, for any float32 (property)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => problem(v) === undefined),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.float({ min: 0, max: 1, noNaN: true }), (v) => problem(v) === undefined),
      { numRuns: 10_000 },
    );
  });
});
