import { describe, expect, it } from 'vitest';
import type { Lab } from '../runtime/lab-metadata';
import { readMutants, summariseMutants, survivorsMarkdown } from './mutation-report';

const lab = { id: '09', files: ['calc.ts'] } as unknown as Lab;
const source = 'export function f(a: number, b: number) {\n  return a > b ? a : b;\n}\n';
const mutant = (mutatorName: string, replacement: string, status: string, start: number, end: number) => ({
  mutatorName,
  replacement,
  status,
  location: { start: { line: 2, column: start }, end: { line: 2, column: end } },
});
const report = JSON.stringify({
  files: {
    'packages/x/src/calc.ts': {
      source,
      mutants: [
        mutant('EqualityOperator', 'a >= b', 'Survived', 10, 15),
        mutant('ConditionalExpression', 'true', 'Killed', 10, 15),
        mutant('ConditionalExpression', 'false', 'NoCoverage', 10, 15),
        mutant('BlockStatement', '{}', 'Timeout', 1, 22),
        mutant('StringLiteral', '""', 'CompileError', 1, 2),
      ],
    },
  },
});

describe('mutation report', () => {
  it('reads each mutant with its lab file, line and the source text it replaces', () => {
    const [first] = readMutants(report, lab);
    expect(first).toEqual({ file: 'calc.ts', line: 2, mutator: 'EqualityOperator', original: 'a > b', replacement: 'a >= b', status: 'Survived' });
  });

  it('scores killed and timed-out mutants against survivors and uncovered ones, leaving out invalid ones', () => {
    const summary = summariseMutants(lab, readMutants(report, lab), []);
    expect(summary).toMatchObject({ mutants: 5, killed: 2, equivalent: 0, invalid: 1 });
    expect(summary.survived).toHaveLength(2);
    expect(summary.score).toBe(50);
  });

  it('takes listed equivalents out of the survivors (whitespace aside) and reports stale entries', () => {
    const equivalents = [
      { file: 'calc.ts', mutator: 'EqualityOperator', original: 'a  >  b', replacement: 'a >= b', reason: 'equal values return the same number either way' },
      { file: 'calc.ts', mutator: 'EqualityOperator', original: 'a < b', replacement: 'a <= b', reason: 'no longer in the code at all, stale' },
    ];
    const summary = summariseMutants(lab, readMutants(report, lab), equivalents);
    expect(summary.equivalent).toBe(1);
    expect(summary.score).toBeCloseTo(200 / 3);
    expect(summary.staleEquivalents).toEqual([equivalents[1]]);
    expect(survivorsMarkdown(summary)).toContain('| calc.ts:2 | ConditionalExpression | `a > b` | `false` | NoCoverage |');
  });
});
