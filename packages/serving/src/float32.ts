// The float32 range (JSON numbers outside it would become Infinity in the model's input tensor) and the shortest text of a float32.

/** Largest magnitude a float32 holds; bigger finite JSON numbers would become Infinity. */
export const FP32_MAX = 3.4028234663852886e38;

// Powers of ten, 10^0 ... 10^40; up to 10^22 they are exact doubles.
const POW10 = Array.from({ length: 41 }, (_, i) => Number(`1e${i}`));

/**
 * The shortest decimal text that reads back as the same float32 (`Math.fround(Number(s)) === v`), as
 * numpy and orjson print float32: `0.1` for `Math.fround(0.1)`, not `0.10000000149011612`. Written like
 * `String(number)` (no trailing zeros, exponent only below 1e-6 or from 1e21), so it is a valid JSON number.
 * `-0` prints `0`, like `String(-0)` and `JSON.stringify`.
 * @param v a float32 value (a double that `Math.fround` leaves unchanged), finite.
 * @example shortestFloat32(Math.fround(0.1)) // '0.1'
 */
export function shortestFloat32(v: number): string {
  return String(shortestFloat32Double(v));
}

/**
 * The double whose own shortest text (`String(d)`, `Array.prototype.join`) is {@link shortestFloat32}`(v)`:
 * the decimal with the fewest significant digits that reads back as float32 `v`, the nearer one on a tie.
 * Arrays of these print with `join(',')` at V8's full speed.
 *
 * How: the decimals with their last digit at 10^q form a grid; the grid points that read back as `v` lie
 * in `v`'s rounding interval, and if any does, one of the two around `v` does. Each candidate
 * `m / 10^-q` (or `m * 10^q`), both factors exact doubles, is one correctly rounded operation: the very
 * double `Number("<m>e<q>")` gives, so the check `Math.fround(d) === v` is exact. Coarser grids are
 * subsets of finer ones, so hits stop at the coarsest grid that has one: start at 8 digits and go coarser
 * while it still hits, or finer to 9 digits (always a hit) when it misses; probabilities take 2-3 steps.
 * @param v a float32 value, finite.
 */
export function shortestFloat32Double(v: number): number {
  if (v === 0) return 0;
  const a = v < 0 ? -v : v;
  // Start at 8 significant digits (float32 holds about 7.2, so they usually read back). On a miss no coarser
  // grid can hit: 9 digits always do (10 when log10 was one too high just below a power of ten), and that is it.
  let q = Math.floor(Math.log10(a)) - 7;
  let best = hitAt(a, q);
  if (Number.isNaN(best)) {
    best = hitAt(a, q - 1);
    if (Number.isNaN(best)) best = hitAt(a, q - 2);
    if (Number.isNaN(best) || best === Infinity) return Number(shortestFloat32Slow(v));
    return v < 0 ? -best : best;
  }
  if (best === Infinity) return Number(shortestFloat32Slow(v));
  for (;;) {
    const coarser = hitAt(a, q + 1);
    if (coarser === Infinity) return Number(shortestFloat32Slow(v));
    if (Number.isNaN(coarser)) break;
    best = coarser;
    q += 1;
  }
  return v < 0 ? -best : best;
}

/**
 * The grid point `m * 10^q` that reads back as float32 `a` (> 0), the nearer one when both around `a` do,
 * NaN when neither does, or Infinity when `m` would pass 10^15 (the caller then takes the slow path).
 * Within 10^±22 a candidate is one correctly rounded operation on exact doubles; beyond, it is parsed
 * from its text (`Number("<m>e<q>")`, slower but as exact), and only the choice of `m` is approximate
 * (two roundings, far below the float32 interval).
 */
function hitAt(a: number, q: number): number {
  if (q < -62 || q > 62) return Infinity;
  const exact = q >= -22 && q <= 22;
  const scaled = exact ? (q < 0 ? a * POW10[-q]! : a / POW10[q]!) : q < 0 ? a * 1e22 * POW10[-q - 22]! : a / 1e22 / POW10[q - 22]!;
  if (scaled > 1e15) return Infinity;
  const low = Math.floor(scaled);
  const high = low + 1;
  const nearFirst = scaled - low < 0.5 ? low : high;
  const nearSecond = nearFirst === low ? high : low;
  const d = candidate(nearFirst, q, exact);
  if (nearFirst !== 0 && Math.fround(d) === a) return d;
  // The nearer point above missed: the one below is farther, and a's interval is never wider below than
  // above (at a power of two it is half as wide), so it misses too. Only a nearer point below that missed
  // can leave the one above inside (the narrow lower half of a power of two).
  if (nearFirst === high) return Number.NaN;
  const e = candidate(nearSecond, q, exact);
  if (nearSecond !== 0 && Math.fround(e) === a) return e;
  return Number.NaN;
}

/** The double nearest to `m * 10^q`. */
function candidate(m: number, q: number, exact: boolean): number {
  if (!exact) return Number(`${m}e${q}`);
  return q < 0 ? m / POW10[-q]! : m * POW10[q]!;
}

/**
 * The definition, slowly: for p = 1 ... 9 significant digits, the nearest p-digit decimal
 * (`toExponential(p - 1)`) or, at a power of two whose rounding interval is narrower below than above, the
 * p-digit decimal on the other side; the first that reads back as float32 `v`, printed as `String(number)`.
 */
export function shortestFloat32Slow(v: number): string {
  if (v === 0) return '0';
  for (let p = 1; p <= 9; p += 1) {
    const t = v.toExponential(p - 1);
    if (Math.fround(Number(t)) === v) return String(Number(t));
    const [mantissa, exponent] = t.split('e') as [string, string];
    const m = Number(mantissa.replace('.', ''));
    const e = Number(exponent) - (p - 1);
    for (const other of [m - 1, m + 1]) {
      const d = Number(`${other}e${e}`);
      if (Math.fround(d) === v) return String(d);
    }
  }
  return String(Number(v.toExponential(8)));
}
