// Named errors of @mlops/model-lifecycle, each with a stable `code`.

/** Stable error codes of the lifecycle package. */
export type LifecycleErrorCode = 'INVALID_GATE_POLICY' | 'INVALID_GATE_EVIDENCE' | 'NO_LINEAGE' | 'INVALID_CANARY_POLICY' | 'INVALID_CANARY_STATS';

/** Base class of the lifecycle errors. */
export class LifecycleError extends Error {
  readonly code: LifecycleErrorCode;
  constructor(code: LifecycleErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LifecycleError';
    this.code = code;
  }
}

/** A margin or tolerance that is negative or not a number, or the same population named old and new. */
export class InvalidGatePolicyError extends LifecycleError {
  constructor(problem: string) {
    super('INVALID_GATE_POLICY', `invalid gate policy: ${problem}`);
    this.name = 'InvalidGatePolicyError';
  }
}

/** Figures that cannot be metrics: macro-F1 outside [0, 1], rows not a positive whole number. */
export class InvalidGateEvidenceError extends LifecycleError {
  constructor(problem: string) {
    super('INVALID_GATE_EVIDENCE', `invalid gate evidence: ${problem}`);
    this.name = 'InvalidGateEvidenceError';
  }
}

/** A manifest without lineage has no fixed-evaluation figures: evaluate that version on the set first. */
export class NoLineageError extends LifecycleError {
  constructor(name: string, version: string) {
    super('NO_LINEAGE', `${name}/${version} records no fixed-evaluation figures (its manifest predates lineage); score it on the evaluation set first`);
    this.name = 'NoLineageError';
  }
}

/** A canary share or promotion policy that cannot mean anything (a negative minimum, a share above 100%). */
export class InvalidCanaryPolicyError extends LifecycleError {
  constructor(problem: string) {
    super('INVALID_CANARY_POLICY', `invalid canary policy: ${problem}`);
    this.name = 'InvalidCanaryPolicyError';
  }
}

/** Per-version counts that cannot be counts: negative, fractional, more errors than requests. */
export class InvalidCanaryStatsError extends LifecycleError {
  constructor(problem: string) {
    super('INVALID_CANARY_STATS', `invalid canary statistics: ${problem}`);
    this.name = 'InvalidCanaryStatsError';
  }
}
