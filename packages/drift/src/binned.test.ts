import { describe, expect, it } from 'vitest';
import { binShares, fillEmptyBins, jensenShannonDistance, psi, sharedBinEdges } from './binned';
import { sortedSample } from './sorted-sample';

const f = (...values: number[]): Float64Array => Float64Array.from(values);

describe('sharedBinEdges and binShares', () => {
  it('cuts the joint range into equal bins, the last one closed, like numpy.histogram', () => {
    const a = sortedSample([0, 1, 2, 3, 4]);
    const b = sortedSample([5, 6, 7, 8, 9, 10]);
    const edges = sharedBinEdges(a, b, 10);
    expect([...edges]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...binShares(a, edges)]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2, 0, 0, 0, 0, 0]);
    expect([...binShares(b, edges)].map((x) => x * 6)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 2]);
  });

  it('gives a constant sample the range x ± 0.5', () => {
    expect([...sharedBinEdges(f(2), f(2), 2)]).toEqual([1.5, 2, 2.5]);
  });
});

describe('fillEmptyBins', () => {
  it('replaces empty bins by 0.0001', () => {
    expect([...fillEmptyBins(f(0.5, 0.5, 0))]).toEqual([0.5, 0.5, 0.0001]);
  });

  it('uses a millionth of the smallest share when that is <= 0.0001 (Evidently)', () => {
    expect([...fillEmptyBins(f(0.00005, 0.99995, 0))]).toEqual([0.00005, 0.99995, 0.00005 / 1e6]);
  });
});

describe('psi', () => {
  it('is 0 for identical shares', () => {
    expect(psi(f(0.2, 0.3, 0.5), f(0.2, 0.3, 0.5))).toBe(0);
  });

  it('matches a hand computation: 0.25·ln 2 + 0.25·ln 1.5 = 0.274653', () => {
    expect(psi(f(0.5, 0.5), f(0.25, 0.75))).toBeCloseTo(0.27465307216702745, 14);
  });

  it('stays finite with an empty reference bin once filled: 2.128516', () => {
    const ref = fillEmptyBins(f(0.5, 0.5, 0));
    expect(psi(ref, f(0.5, 0.25, 0.25))).toBeCloseTo(2.1285158932529735, 12);
  });
});

describe('jensenShannonDistance', () => {
  it('is 0 for identical and sqrt(ln 2) for disjoint distributions (base e)', () => {
    expect(jensenShannonDistance(f(0.3, 0.7), f(0.3, 0.7))).toBe(0);
    expect(jensenShannonDistance(f(1, 0), f(0, 1))).toBeCloseTo(Math.sqrt(Math.LN2), 15);
  });

  it('normalises the inputs to sum 1, like scipy', () => {
    expect(jensenShannonDistance(f(2, 6), f(1, 1))).toBeCloseTo(jensenShannonDistance(f(0.25, 0.75), f(0.5, 0.5)), 15);
  });
});
