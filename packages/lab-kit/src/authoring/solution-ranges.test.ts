import { describe, expect, it } from 'vitest';
import { solutionRanges } from './solution-ranges';

describe('solutionRanges', () => {
  it('gives the body lines of each region, markers excluded, and skips empty regions', () => {
    const source = [
      'export function f(x: number) {', // 1
      '  // #region solution step 1: double', // 2
      '  const y = x * 2;', // 3
      '  return y;', // 4
      '  // #endregion solution', // 5
      '}', // 6
      'export function g() {', // 7
      '  // #region solution step 2: nothing', // 8
      '  // #endregion solution', // 9
      '}',
    ].join('\n');
    expect(solutionRanges(source)).toEqual([{ start: 3, end: 4, description: 'step 1: double' }]);
  });
});
