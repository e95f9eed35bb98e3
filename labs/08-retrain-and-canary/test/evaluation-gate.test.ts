// Steps 1 and 2: the evaluation gate judges on the fixed evaluation set only, with the margin and the tolerance the right way round.

import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateEvidence, type GatePolicy } from '@lab/evaluation-gate';

const FIXED = { id: 'wine-quality-eval-1', sha256: 'a'.repeat(64) };
const policy: GatePolicy = { evaluationSet: FIXED, oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01 };

const evidence = (model: string, red: number, white: number, set = FIXED, rows = 240): GateEvidence => ({
  model,
  evaluationSet: set,
  populations: { red: { rows, macroF1: red }, white: { rows, macroF1: white } },
});
const production = evidence('wine-quality/1', 0.6109, 0.4682);

describe('step 1: both models measured on the fixed evaluation set', () => {
  it('passes a better candidate when both figures come from the fixed set', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.61, 0.5), production, policy);
    expect(decision.checks[0], 'the first check is evaluation-set, passed when both were measured on the policy set').toEqual({
      name: 'evaluation-set',
      passed: true,
      message: 'both measured on the fixed evaluation set wine-quality-eval-1',
    });
    expect(decision.passed).toBe(true);
  });

  it("rejects a candidate scored on its own training rows, however good the figures", () => {
    const trainRows = { id: 'wine-quality-2-train', sha256: 'b'.repeat(64) };
    const decision = evaluateGate(evidence('wine-quality/2', 0.99, 0.99, trainRows), production, policy);
    expect(decision.passed, 'figures measured on the rows a model trained on prove nothing: compare evaluationSet with policy.evaluationSet').toBe(false);
    expect(decision.reasons).toEqual([
      'wine-quality/2 was measured on wine-quality-2-train (rows bbbbbbbbbbbb), not on the fixed evaluation set wine-quality-eval-1 (rows aaaaaaaaaaaa)',
    ]);
  });

  it("rejects a candidate scored on a set with the right name but other rows (its manifest's own test split)", () => {
    const ownSplit = { id: FIXED.id, sha256: 'c'.repeat(64) };
    const decision = evaluateGate(evidence('wine-quality/2', 0.7, 0.6, ownSplit), production, policy);
    expect(decision.passed, 'the same id is not enough: the rows hash must match too (use sameSet)').toBe(false);
    expect(decision.checks.map((c) => c.name), 'a failed evaluation-set check ends the gate').toEqual(['evaluation-set', 'enough-rows']);
  });

  it('checks production too: a production figure from another set is no baseline', () => {
    const other = { id: 'wine-quality-1-test', sha256: 'd'.repeat(64) };
    const decision = evaluateGate(evidence('wine-quality/2', 0.61, 0.5), evidence('wine-quality/1', 0.6109, 0.4682, other), policy);
    expect(decision.passed, 'both candidate and production must be on the fixed set').toBe(false);
    expect(decision.reasons[0], 'name only the models measured elsewhere').toBe(
      'wine-quality/1 was measured on wine-quality-1-test (rows dddddddddddd), not on the fixed evaluation set wine-quality-eval-1 (rows aaaaaaaaaaaa)',
    );
  });

  it('names both when both were measured elsewhere', () => {
    const other = { id: 'x', sha256: 'e'.repeat(64) };
    const decision = evaluateGate(evidence('wine-quality/2', 0.61, 0.5, other), evidence('wine-quality/1', 0.6109, 0.4682, other), policy);
    expect(decision.reasons[0]).toBe(
      'wine-quality/2 was measured on x (rows eeeeeeeeeeee), not on the fixed evaluation set wine-quality-eval-1 (rows aaaaaaaaaaaa); wine-quality/1 was measured on x (rows eeeeeeeeeeee), not on the fixed evaluation set wine-quality-eval-1 (rows aaaaaaaaaaaa)',
    );
  });
});

describe('step 2: the margin on the new population and the tolerance on the old one', () => {
  it('passes a candidate that gains the margin on white wines and keeps red wines, listing every check', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.605, 0.5), production, policy);
    expect(decision.passed).toBe(true);
    expect(decision.checks.map((c) => [c.name, c.passed])).toEqual([
      ['evaluation-set', true],
      ['enough-rows', true],
      ['new-population-margin', true],
      ['old-population-tolerance', true],
    ]);
    expect(decision.reasons.slice(2), 'messages as in the README').toEqual([
      'white: macro-F1 0.5000 vs production 0.4682 (+0.0318; needs at least +0.0200)',
      'red: macro-F1 0.6050 vs production 0.6109 (-0.0059; may drop at most 0.0100)',
    ]);
  });

  it('rejects a tie on the new population: equal is not better', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.6109, 0.4682), production, policy);
    expect(decision.passed, 'the candidate must gain at least the margin: newGain >= margin').toBe(false);
    expect(decision.reasons).toEqual(['white: macro-F1 0.4682 vs production 0.4682 (+0.0000; needs at least +0.0200)']);
  });

  it('rejects a gain below the margin, and a loss (the margin is not a tolerance)', () => {
    expect(evaluateGate(evidence('wine-quality/2', 0.6109, 0.4862), production, policy).passed, 'a gain of 0.018 is less than the margin 0.02').toBe(false);
    expect(evaluateGate(evidence('wine-quality/2', 0.6109, 0.4582), production, policy).passed, 'a candidate 0.01 worse on white wines is no improvement').toBe(false);
  });

  it('passes a gain of exactly the margin, float noise included (0.47 - 0.45 is 0.01999999999999996)', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.6, 0.47), evidence('wine-quality/1', 0.6, 0.45), policy);
    expect(decision.passed, 'compare with margin - EPSILON').toBe(true);
  });

  it('passes a drop of exactly the tolerance on the old population (0.69 vs 0.70)', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.69, 0.6), evidence('wine-quality/1', 0.7, 0.5), policy);
    expect(decision.passed, 'may drop at most the tolerance: oldChange >= -tolerance - EPSILON').toBe(true);
    expect(decision.reasons[3]).toBe('red: macro-F1 0.6900 vs production 0.7000 (-0.0100; may drop at most 0.0100)');
  });

  it('rejects a gain on white wines that hides a loss beyond the tolerance on red wines', () => {
    const decision = evaluateGate(evidence('wine-quality/2', 0.5959, 0.6), production, policy);
    expect(decision.passed, 'a drop of 0.015 on red wines is beyond the tolerance 0.01').toBe(false);
    expect(decision.reasons).toEqual(['red: macro-F1 0.5959 vs production 0.6109 (-0.0150; may drop at most 0.0100)']);
  });

  it("reads the populations the policy names, not 'red' and 'white'", () => {
    const swapped: GatePolicy = { ...policy, oldPopulation: 'white', newPopulation: 'red', margin: 0.05, tolerance: 0 };
    const good = evaluateGate(evidence('wine-quality/2', 0.7, 0.4682), production, swapped);
    expect(good.passed, 'new population red: +0.0891 >= 0.05; old population white: unchanged').toBe(true);
    const bad = evaluateGate(evidence('wine-quality/2', 0.7, 0.4681), production, swapped);
    expect(bad.reasons).toEqual(['white: macro-F1 0.4681 vs production 0.4682 (-0.0001; may drop at most 0.0000)']);
  });
});
