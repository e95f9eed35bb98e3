// Public surface of @mlops/model-lifecycle: the evaluation gate, evidence from manifests, the canary split and decision, named errors.

export * from './errors';
export * from './evaluation-gate';
export * from './gate-evidence';
export * from './canary-split';
export * from './canary-decision';
