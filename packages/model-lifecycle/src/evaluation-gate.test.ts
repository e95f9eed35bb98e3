// Tests of the evaluation gate, above all the tempting wrong answers: training-set figures, the margin the wrong
// way round, a tie taken for an improvement, and float noise at exactly the tolerance.

import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateEvidence, type GatePolicy } from './evaluation-gate';

const fixedSet = { id: 'wine-quality-eval-1', sha256: 'a'.repeat(64) };
const policy: GatePolicy = { evaluationSet: fixedSet, oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01 };

function evidence(model: string, red: number, white: number, set = fixedSet, rows = { red: 240, white: 735 }): GateEvidence {
  return { model, evaluationSet: set, populations: { red: { rows: rows.red, macroF1: red }, white: { rows: rows.white, macroF1: white } } };
}
const production = evidence('wine-quality/1', 0.61, 0.47);

describe('evaluateGate', () => {
  it('passes a candidate better on the new population by the margin and as good on the old one, with every check as a reason', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.615, 0.55), production, policy);
    expect(decision.passed).toBe(true);
    expect(decision.checks.map((c) => [c.name, c.passed])).toEqual([
      ['evaluation-set', true],
      ['enough-rows', true],
      ['new-population-margin', true],
      ['old-population-tolerance', true],
    ]);
    expect(decision.reasons).toContain('white: macro-F1 0.5500 vs production 0.4700 (+0.0800; needs at least +0.0200)');
  });

  it('refuses figures measured on the candidate\'s training rows, however good, naming the set', () => {
    const onTraining = evidence('wine-quality/2', 0.95, 0.93, { id: 'training-split', sha256: 'b'.repeat(64) });
    const decision = evaluateGate(onTraining, production, policy);
    expect(decision.passed).toBe(false);
    expect(decision.reasons).toEqual([expect.stringContaining('wine-quality/2 was measured on training-split')]);
  });

  it('refuses two models measured on different rows, even under the same set name', () => {
    const otherRows = evidence('wine-quality/1', 0.61, 0.3, { id: fixedSet.id, sha256: 'c'.repeat(64) });
    const decision = evaluateGate(evidence('wine-quality/2', 0.62, 0.55), otherRows, policy);
    expect(decision).toMatchObject({ passed: false, reasons: [expect.stringContaining('wine-quality/1 was measured on wine-quality-eval-1 (rows cccccccccccc)')] });
  });

  it('rejects a candidate below production plus the margin on the new population: not better enough, equal, or worse', () => {
    for (const white of [0.47 + 0.01, 0.47, 0.47 - 0.01]) {
      const decision = evaluateGate(evidence('wine-quality/2', 0.61, white), production, policy);
      expect(decision.passed, `white macro-F1 ${white} against production 0.47 with margin 0.02`).toBe(false);
      expect(decision.checks.find((c) => c.name === 'new-population-margin')?.passed).toBe(false);
    }
  });

  it('accepts an improvement of exactly the margin, despite float noise (0.3 - 0.1 < 0.2 in floats)', () => {
    const base = evidence('wine-quality/1', 0.61, 0.1);
    expect(evaluateGate(evidence('wine-quality/2', 0.61, 0.3), base, { ...policy, margin: 0.2 }).passed).toBe(true);
  });

  it('allows a drop on the old population up to the tolerance, exactly the tolerance included, and not beyond', () => {
    const prod = evidence('wine-quality/1', 0.7, 0.47);
    const gate = (red: number) => evaluateGate(evidence('wine-quality/2', red, 0.6), prod, policy);
    expect(gate(0.705).passed).toBe(true);
    expect(gate(0.695).passed).toBe(true);
    // 0.7 - 0.69 is 0.010000000000000009 in floats: still "no worse beyond the tolerance".
    expect(gate(0.69).passed).toBe(true);
    const beyond = gate(0.685);
    expect(beyond.passed).toBe(false);
    expect(beyond.reasons).toEqual(['red: macro-F1 0.6850 vs production 0.7000 (-0.0150; may drop at most 0.0100)']);
  });

  it('judges each population by its own rule: a gain on the old population does not make up for the new one', () => {
    const swapped = evaluateGate(evidence('wine-quality/2', 0.7, 0.475), production, policy);
    expect(swapped.passed).toBe(false);
    expect(swapped.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['new-population-margin']);
  });

  it('gives every failed rule as a reason', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.5, 0.4), production, policy);
    expect(decision.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['new-population-margin', 'old-population-tolerance']);
    expect(decision.reasons).toHaveLength(2);
  });

  it('refuses to judge on too few rows or a missing population', () => {
    const few = evaluateGate(evidence('wine-quality/2', 0.62, 0.9, fixedSet, { red: 240, white: 12 }), production, policy);
    expect(few).toMatchObject({ passed: false, reasons: ['wine-quality/2 has 12 rows of white (at least 50 needed)'] });
    const noWhite: GateEvidence = { ...production, populations: { red: { rows: 240, macroF1: 0.61 } } };
    expect(evaluateGate(evidence('wine-quality/2', 0.62, 0.9), noWhite, policy).reasons).toEqual(['wine-quality/1 has 0 rows of white (at least 50 needed)']);
  });

  it('throws for a policy or figures that cannot mean anything', () => {
    expect(() => evaluateGate(production, production, { ...policy, margin: -0.02 })).toThrow(expect.objectContaining({ code: 'INVALID_GATE_POLICY' }));
    expect(() => evaluateGate(production, production, { ...policy, tolerance: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_GATE_POLICY' }));
    expect(() => evaluateGate(production, production, { ...policy, newPopulation: 'red' })).toThrow(expect.objectContaining({ code: 'INVALID_GATE_POLICY' }));
    expect(() => evaluateGate(evidence('wine-quality/2', 61, 0.5), production, policy)).toThrow(expect.objectContaining({ code: 'INVALID_GATE_EVIDENCE' }));
  });
});
