// Public surface of @mlops/model-lifecycle: the evaluation gate, evidence from manifests, named errors.

export * from './errors';
export * from './evaluation-gate';
export * from './gate-evidence';
