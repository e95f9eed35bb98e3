// The evaluation gate: may a retrained candidate replace production? A pure decision on fixed-evaluation figures.

import { InvalidGateEvidenceError, InvalidGatePolicyError } from './errors';

/** Macro-F1 of one model on one population of the evaluation set. */
export interface PopulationScore {
  readonly rows: number;
  readonly macroF1: number;
}

/** Names the exact rows figures were measured on (id and sha256 of the evaluation set). */
export interface EvaluationSetRef {
  readonly id: string;
  readonly sha256: string;
}

/** What a model scored, and on which rows. */
export interface GateEvidence {
  /** e.g. `wine-quality/2`, for the reasons. */
  readonly model: string;
  readonly evaluationSet: EvaluationSetRef;
  /** Figures per population, e.g. `{ red: ..., white: ... }`. */
  readonly populations: Readonly<Record<string, PopulationScore>>;
}

/** The rules of the gate. */
export interface GatePolicy {
  /** The fixed evaluation set both models must be measured on: held out of training, the same rows for both. */
  readonly evaluationSet: EvaluationSetRef;
  /** The population production was trained for, e.g. `red`. */
  readonly oldPopulation: string;
  /** The drifted population the candidate is for, e.g. `white`. */
  readonly newPopulation: string;
  /** The candidate's macro-F1 on the new population must be at least production's plus this. @example 0.02 */
  readonly margin: number;
  /** The candidate's macro-F1 on the old population may be at most this much below production's. @example 0.01 */
  readonly tolerance: number;
  /** Fewest rows per population to judge on. @defaultValue 50 */
  readonly minRows?: number;
}

/** One rule and how it went. */
export interface GateCheck {
  readonly name: 'evaluation-set' | 'enough-rows' | 'new-population-margin' | 'old-population-tolerance';
  readonly passed: boolean;
  readonly message: string;
}

/** The gate's verdict: passed or not, every check, and the reasons (the failed checks, or all when it passed). */
export interface GateDecision {
  readonly passed: boolean;
  readonly checks: readonly GateCheck[];
  readonly reasons: readonly string[];
}

/** Slack for float arithmetic: a drop of exactly the tolerance is within it even when 0.7 - 0.69 gives 0.0100000000000000089. */
const EPSILON = 1e-9;

const f4 = (v: number): string => v.toFixed(4);
const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;

function checkPolicy(policy: GatePolicy): void {
  for (const key of ['margin', 'tolerance'] as const) {
    const value = policy[key];
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new InvalidGatePolicyError(`${key} must be a macro-F1 difference in [0, 1], got ${value}`);
  }
  if (policy.oldPopulation === policy.newPopulation) throw new InvalidGatePolicyError(`the old and new populations must differ, both are "${policy.oldPopulation}"`);
  const minRows = policy.minRows ?? 50;
  if (!Number.isInteger(minRows) || minRows < 1) throw new InvalidGatePolicyError(`minRows must be a whole number >= 1, got ${minRows}`);
}

function checkEvidence(evidence: GateEvidence): void {
  for (const [population, score] of Object.entries(evidence.populations)) {
    if (!Number.isFinite(score.macroF1) || score.macroF1 < 0 || score.macroF1 > 1) {
      throw new InvalidGateEvidenceError(`${evidence.model} has macro-F1 ${score.macroF1} on ${population}; expected a number in [0, 1]`);
    }
    if (!Number.isInteger(score.rows) || score.rows < 0) throw new InvalidGateEvidenceError(`${evidence.model} has ${score.rows} rows on ${population}`);
  }
}

const sameSet = (a: EvaluationSetRef, b: EvaluationSetRef): boolean => a.id === b.id && a.sha256 === b.sha256;

/**
 * Decides whether `candidate` may be registered as the candidate to replace `production`. It passes only when
 * 1. both were measured on the policy's fixed evaluation set (same id and rows hash): never on the rows a model
 *    trained on, never on two different sets;
 * 2. each has at least `minRows` rows on both populations;
 * 3. on the new population, candidate macro-F1 >= production macro-F1 + margin (a tie is not an improvement);
 * 4. on the old population, candidate macro-F1 >= production macro-F1 - tolerance (a drop of exactly the tolerance passes).
 * @throws InvalidGatePolicyError, InvalidGateEvidenceError for figures that cannot be metrics
 * @example evaluateGate(candidate, production, { evaluationSet, oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01 })
 */
export function evaluateGate(candidate: GateEvidence, production: GateEvidence, policy: GatePolicy): GateDecision {
  checkPolicy(policy);
  checkEvidence(candidate);
  checkEvidence(production);
  const checks: GateCheck[] = [];
  // #region solution step 1: push the evaluation-set check: passed only when candidate and production were both measured on the policy's fixed evaluation set (same id and rows hash)
  const wrongSet = [candidate, production].filter((e) => !sameSet(e.evaluationSet, policy.evaluationSet));
  checks.push({
    name: 'evaluation-set',
    passed: wrongSet.length === 0,
    message:
      wrongSet.length === 0
        ? `both measured on the fixed evaluation set ${policy.evaluationSet.id}`
        : wrongSet.map((e) => `${e.model} was measured on ${e.evaluationSet.id} (rows ${e.evaluationSet.sha256.slice(0, 12)}), not on the fixed evaluation set ${policy.evaluationSet.id} (rows ${policy.evaluationSet.sha256.slice(0, 12)})`).join('; '),
  });
  // #endregion solution
  const minRows = policy.minRows ?? 50;
  const missing: string[] = [];
  for (const e of [candidate, production]) {
    for (const population of [policy.oldPopulation, policy.newPopulation]) {
      const rows = e.populations[population]?.rows ?? 0;
      if (rows < minRows) missing.push(`${e.model} has ${rows} rows of ${population} (at least ${minRows} needed)`);
    }
  }
  checks.push({ name: 'enough-rows', passed: missing.length === 0, message: missing.length === 0 ? `at least ${minRows} rows per population` : missing.join('; ') });
  if (checks.some((c) => !c.passed)) return decide(checks);

  // #region solution step 2: push the new-population-margin check (gain >= margin) and the old-population-tolerance check (drop <= tolerance)
  const score = (e: GateEvidence, population: string): number => e.populations[population]!.macroF1;
  const newGain = score(candidate, policy.newPopulation) - score(production, policy.newPopulation);
  checks.push({
    name: 'new-population-margin',
    passed: newGain >= policy.margin - EPSILON,
    message: `${policy.newPopulation}: macro-F1 ${f4(score(candidate, policy.newPopulation))} vs production ${f4(score(production, policy.newPopulation))} (${signed(newGain)}; needs at least +${f4(policy.margin)})`,
  });
  const oldChange = score(candidate, policy.oldPopulation) - score(production, policy.oldPopulation);
  checks.push({
    name: 'old-population-tolerance',
    passed: oldChange >= -policy.tolerance - EPSILON,
    message: `${policy.oldPopulation}: macro-F1 ${f4(score(candidate, policy.oldPopulation))} vs production ${f4(score(production, policy.oldPopulation))} (${signed(oldChange)}; may drop at most ${f4(policy.tolerance)})`,
  });
  // #endregion solution
  return decide(checks);
}

function decide(checks: readonly GateCheck[]): GateDecision {
  const failed = checks.filter((c) => !c.passed);
  return { passed: failed.length === 0, checks, reasons: (failed.length > 0 ? failed : checks).map((c) => c.message) };
}
